#!/usr/bin/env bash
# The throttling issue's load-test target: offered twice a provisioned table's write capacity,
# once its burst capacity is spent, the server admits writes at the provisioned rate (within
# 5 %). Builds nothing: it expects `ninja -C $BUILD stator-server stator-bench` (default
# BUILD=build).
#
#   bench/provisioned_rate.sh                      # 100 WCU, offered 200 puts/s for 30 s
#   WCU=500 SECONDS_PER_RUN=60 bench/provisioned_rate.sh
#
# It starts `stator --in-memory --throttling on`, creates the table with WCU write units,
# spends its 300 seconds of burst with 390 KB puts (each 390 units, paced under the partition's
# ceiling; boto3, retries off: about 300 x WCU / 975 seconds), then
# runs stator-bench open loop at 2 x WCU PutItems (10 s unmeasured, then the run) a second of one-unit items over uniform keys,
# with --server-metrics, and prints the admitted rate (puts that succeeded a second), the
# server's consumed write units a second, and their ratios to WCU. Reports stay in $OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
WCU=${WCU:-100}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-30}
CONNECTIONS=${CONNECTIONS:-16}
OUT=${OUT:-/tmp/stator-provisioned-rate}
PORT=${PORT:-18760}
BENCH="$BUILD/tools/stator-bench"
source bench/common.sh
require_built "$BENCH" "$BUILD/tools/stator"
mkdir -p "$OUT"
ENDPOINT="http://127.0.0.1:$PORT"

"$BUILD/tools/stator" --in-memory --throttling on --port "$PORT" >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
wait_for_port "$PORT"

# The table, its burst spent: 300 s x WCU units, in 390-unit puts, and a little more so that
# the bucket starts the run empty rather than holding a remainder.
ENDPOINT="$ENDPOINT" WCU="$WCU" /usr/bin/python3 - <<'EOF'
import os
import time

import boto3
from botocore.config import Config

client = boto3.client("dynamodb", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
                      aws_access_key_id="bench", aws_secret_access_key="bench",
                      config=Config(retries={"max_attempts": 0}))
wcu = int(os.environ["WCU"])
client.create_table(TableName="provisioned", BillingMode="PROVISIONED",
                    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                    ProvisionedThroughput={"ReadCapacityUnits": wcu, "WriteCapacityUnits": wcu})
client.get_waiter("table_exists").wait(TableName="provisioned")
# Paced under the partition's ceiling (1,000 units a second), so that the refusal that ends
# the loop is the table's bucket running dry, not the partition's.
spent = 0
while True:
    time.sleep(0.4)
    try:
        client.put_item(TableName="provisioned",
                        Item={"pk": {"S": f"burst{spent}"}, "pad": {"S": "x" * 390 * 1024}})
        spent += 1
    except client.exceptions.ProvisionedThroughputExceededException:
        break
print(f"burst spent: {spent} puts of 390 units")
EOF

cat >"$OUT/puts.json" <<'EOF'
{"operations": {"PutItem": 100}, "distribution": "uniform"}
EOF
# The last drain put may leave a debt, or a remainder: 10 s at twice the rate, unmeasured,
# brings the bucket to its steady state (empty, refilled at WCU a second) first.
"$BENCH" --endpoint "$ENDPOINT" --table provisioned --workload "$OUT/puts.json" \
  --item-size 500 --keys 10000 --rate $((2 * WCU)) --duration 10 \
  --connections "$CONNECTIONS" >"$OUT/warmup.log"
"$BENCH" --endpoint "$ENDPOINT" --table provisioned --workload "$OUT/puts.json" \
  --item-size 500 --keys 10000 --rate $((2 * WCU)) --duration "$SECONDS_PER_RUN" \
  --connections "$CONNECTIONS" --server-metrics --json "$OUT/run.json" >"$OUT/bench.log"
tail -n 20 "$OUT/bench.log"

/usr/bin/python3 - "$OUT/run.json" "$WCU" "$SECONDS_PER_RUN" <<'EOF'
import json
import sys

report = json.load(open(sys.argv[1]))
wcu = float(sys.argv[2])
seconds = report["seconds"]
puts = report["operations"]["PutItem"]
admitted = (puts["count"] - puts["errors"]) / seconds
server = report.get("server", {})
consumed = server.get("consumed_write_units_per_s", float("nan"))
print(f"offered {2 * wcu:.0f} puts/s to a {wcu:.0f}-WCU table for {seconds:.0f} s")
print(f"admitted {admitted:.1f} puts/s = {admitted / wcu:.3f} x WCU; "
      f"server consumed {consumed:.1f} units/s = {consumed / wcu:.3f} x WCU; "
      f"throttle events {server.get('write_throttle_events', 'n/a')}")
EOF
