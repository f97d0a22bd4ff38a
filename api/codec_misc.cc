#include "api/codec_misc.h"

#include "api/json_reader.h"
#include "api/json_writer.h"

namespace stator::api {

Status DecodeTagResource(simdjson::dom::object body, TagResourceRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("ResourceArn", &out->resource_arn, true);
  r.ForEachStruct(
      "Tags", "Tag",
      [&](StructReader& e) {
        Tag& t = out->tags.emplace_back();
        e.String("Key", &t.key, true);
        e.String("Value", &t.value, true);
      },
      true);
  return errors.ToStatus();
}

Status DecodeUntagResource(simdjson::dom::object body, UntagResourceRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("ResourceArn", &out->resource_arn, true);
  r.StringList("TagKeys", &out->tag_keys, true);
  return errors.ToStatus();
}

Status DecodeListTagsOfResource(simdjson::dom::object body, ListTagsOfResourceRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("ResourceArn", &out->resource_arn, true);
  r.OptString("NextToken", &out->next_token);
  return errors.ToStatus();
}

Status DecodeTableNameRequest(simdjson::dom::object body, TableNameRequest* out) {
  DecodeErrors errors;
  StructReader(body, "", &errors).String("TableName", &out->table_name, true);
  return errors.ToStatus();
}

Status DecodeDescribeContributorInsights(simdjson::dom::object body,
                                         ContributorInsightsRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("TableName", &out->table_name, true);
  r.OptString("IndexName", &out->index_name);
  return errors.ToStatus();
}

Status DecodePutResourcePolicy(simdjson::dom::object body, PutResourcePolicyRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("ResourceArn", &out->resource_arn, true);
  r.String("Policy", &out->policy, true);
  r.OptString("ExpectedRevisionId", &out->expected_revision_id);
  r.Bool("ConfirmRemoveSelfResourceAccess", &out->confirm_remove_self_resource_access);
  return errors.ToStatus();
}

Status DecodeResourcePolicyRequest(simdjson::dom::object body, ResourcePolicyRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("ResourceArn", &out->resource_arn, true);
  r.OptString("ExpectedRevisionId", &out->expected_revision_id);
  return errors.ToStatus();
}

void WriteTags(const std::vector<Tag>& tags, JsonWriter* w) {
  w->Key("Tags");
  w->BeginArray();
  for (const Tag& t : tags) {
    w->BeginObject();
    w->Key("Key");
    w->String(t.key);
    w->Key("Value");
    w->String(t.value);
    w->EndObject();
  }
  w->EndArray();
}

std::string EncodeListTagsOfResourceResponse(const ListTagsOfResourceResponse& r) {
  JsonWriter w;
  w.BeginObject();
  if (r.next_token) {
    w.Key("NextToken");
    w.String(*r.next_token);
  }
  WriteTags(r.tags, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeDescribeLimitsResponse(const DescribeLimitsResponse& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("AccountMaxReadCapacityUnits");
  w.Int(r.account_max_read_capacity_units);
  w.Key("AccountMaxWriteCapacityUnits");
  w.Int(r.account_max_write_capacity_units);
  w.Key("TableMaxReadCapacityUnits");
  w.Int(r.table_max_read_capacity_units);
  w.Key("TableMaxWriteCapacityUnits");
  w.Int(r.table_max_write_capacity_units);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeDescribeTimeToLiveResponse(const TimeToLiveDescription& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TimeToLiveDescription");
  w.BeginObject();
  if (r.attribute_name) {
    w.Key("AttributeName");
    w.String(*r.attribute_name);
  }
  w.Key("TimeToLiveStatus");
  w.String(r.time_to_live_status);
  w.EndObject();
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeDescribeContinuousBackupsResponse(const ContinuousBackupsDescription& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("ContinuousBackupsDescription");
  w.BeginObject();
  w.Key("ContinuousBackupsStatus");
  w.String(r.continuous_backups_status);
  w.Key("PointInTimeRecoveryDescription");
  w.BeginObject();
  if (r.earliest_restorable_date_time) {
    w.Key("EarliestRestorableDateTime");
    w.Double(*r.earliest_restorable_date_time);
  }
  if (r.latest_restorable_date_time) {
    w.Key("LatestRestorableDateTime");
    w.Double(*r.latest_restorable_date_time);
  }
  w.Key("PointInTimeRecoveryStatus");
  w.String(r.point_in_time_recovery_status);
  if (r.recovery_period_in_days) {
    w.Key("RecoveryPeriodInDays");
    w.Int(*r.recovery_period_in_days);
  }
  w.EndObject();
  w.EndObject();
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeKinesisStreamingDestinationResponse(
    const KinesisStreamingDestinationResponse& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("KinesisDataStreamDestinations");
  w.BeginArray();
  w.EndArray();
  w.Key("TableName");
  w.String(r.table_name);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeContributorInsightsResponse(const ContributorInsightsResponse& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TableName");
  w.String(r.table_name);
  if (r.index_name) {
    w.Key("IndexName");
    w.String(*r.index_name);
  }
  w.Key("ContributorInsightsStatus");
  w.String(r.contributor_insights_status);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeResourcePolicyResponse(const ResourcePolicyResponse& r) {
  JsonWriter w;
  w.BeginObject();
  if (r.policy) {
    w.Key("Policy");
    w.String(*r.policy);
  }
  w.Key("RevisionId");
  w.String(r.revision_id);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeDescribeEndpointsResponse(std::string_view address) {
  JsonWriter w;
  w.BeginObject();
  w.Key("Endpoints");
  w.BeginArray();
  w.BeginObject();
  w.Key("Address");
  w.String(address);
  w.Key("CachePeriodInMinutes");
  w.Int(1440);
  w.EndObject();
  w.EndArray();
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeEmptyResponse() { return "{}"; }

}  // namespace stator::api
