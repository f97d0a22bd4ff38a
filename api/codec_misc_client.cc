#include "api/codec_misc_client.h"

#include "api/codec_item_client.h"
#include "api/codec_misc.h"

namespace stator::api {
namespace {

void WriteResourceArn(std::string_view arn, JsonWriter* w) {
  w->Key("ResourceArn");
  w->String(arn);
}

}  // namespace

std::string EncodeTagResourceRequest(const TagResourceRequest& r) {
  JsonWriter w;
  w.BeginObject();
  WriteResourceArn(r.resource_arn, &w);
  WriteTags(r.tags, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeUntagResourceRequest(const UntagResourceRequest& r) {
  JsonWriter w;
  w.BeginObject();
  WriteResourceArn(r.resource_arn, &w);
  WriteStringList("TagKeys", r.tag_keys, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeListTagsOfResourceRequest(const ListTagsOfResourceRequest& r) {
  JsonWriter w;
  w.BeginObject();
  WriteResourceArn(r.resource_arn, &w);
  WriteOptString("NextToken", r.next_token, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeUpdateTimeToLiveRequest(const UpdateTimeToLiveRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TableName");
  w.String(r.table_name);
  w.Key("TimeToLiveSpecification");
  w.BeginObject();
  w.Key("Enabled");
  w.Bool(r.time_to_live_specification.enabled);
  w.Key("AttributeName");
  w.String(r.time_to_live_specification.attribute_name);
  w.EndObject();
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeContributorInsightsRequest(const ContributorInsightsRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TableName");
  w.String(r.table_name);
  WriteOptString("IndexName", r.index_name, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodePutResourcePolicyRequest(const PutResourcePolicyRequest& r) {
  JsonWriter w;
  w.BeginObject();
  WriteResourceArn(r.resource_arn, &w);
  w.Key("Policy");
  w.String(r.policy);
  WriteOptString("ExpectedRevisionId", r.expected_revision_id, &w);
  if (r.confirm_remove_self_resource_access) {
    w.Key("ConfirmRemoveSelfResourceAccess");
    w.Bool(true);
  }
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeResourcePolicyRequest(const ResourcePolicyRequest& r) {
  JsonWriter w;
  w.BeginObject();
  WriteResourceArn(r.resource_arn, &w);
  WriteOptString("ExpectedRevisionId", r.expected_revision_id, &w);
  w.EndObject();
  return std::move(w).Take();
}

Status DecodeListTagsOfResourceResponse(std::string_view body, ListTagsOfResourceResponse* out) {
  return DecodeAnswer(body, "ListTagsOfResource", [&](StructReader& r) {
    r.ForEachStruct("Tags", "Tag", [&](StructReader& e) {
      Tag& t = out->tags.emplace_back();
      e.String("Key", &t.key);
      e.String("Value", &t.value);
    });
    r.OptString("NextToken", &out->next_token);
  });
}

Status DecodeDescribeLimitsResponse(std::string_view body, DescribeLimitsResponse* out) {
  return DecodeAnswer(body, "DescribeLimits", [&](StructReader& r) {
    r.Long("AccountMaxReadCapacityUnits", &out->account_max_read_capacity_units);
    r.Long("AccountMaxWriteCapacityUnits", &out->account_max_write_capacity_units);
    r.Long("TableMaxReadCapacityUnits", &out->table_max_read_capacity_units);
    r.Long("TableMaxWriteCapacityUnits", &out->table_max_write_capacity_units);
  });
}

Status DecodeDescribeTimeToLiveResponse(std::string_view body, TimeToLiveDescription* out) {
  return DecodeAnswer(body, "DescribeTimeToLive", [&](StructReader& r) {
    r.ReadStruct("TimeToLiveDescription", "TimeToLiveDescription", [&](StructReader& d) {
      d.OptString("AttributeName", &out->attribute_name);
      d.String("TimeToLiveStatus", &out->time_to_live_status);
    });
  });
}

Status DecodeUpdateTimeToLiveResponse(std::string_view body, TimeToLiveSpecification* out) {
  return DecodeAnswer(body, "UpdateTimeToLive", [&](StructReader& r) {
    r.ReadStruct("TimeToLiveSpecification", "TimeToLiveSpecification", [&](StructReader& s) {
      s.Bool("Enabled", &out->enabled);
      s.String("AttributeName", &out->attribute_name);
    });
  });
}

Status DecodeContinuousBackupsResponse(std::string_view body, ContinuousBackupsDescription* out) {
  return DecodeAnswer(body, "ContinuousBackups", [&](StructReader& r) {
    r.ReadStruct(
        "ContinuousBackupsDescription", "ContinuousBackupsDescription",
        [&](StructReader& d) {
          d.String("ContinuousBackupsStatus", &out->continuous_backups_status);
          d.ReadStruct(
              "PointInTimeRecoveryDescription", "PointInTimeRecoveryDescription",
              [&](StructReader& p) {
                ReadOptDouble(p, "EarliestRestorableDateTime", &out->earliest_restorable_date_time);
                ReadOptDouble(p, "LatestRestorableDateTime", &out->latest_restorable_date_time);
                p.String("PointInTimeRecoveryStatus", &out->point_in_time_recovery_status);
                int64_t days = 0;
                if (p.Long("RecoveryPeriodInDays", &days)) out->recovery_period_in_days = days;
              });
        },
        true);
  });
}

// The destinations themselves have no place in the typed result: Stator streams to none
// (KinesisStreamingDestinationResponse).
Status DecodeKinesisStreamingDestinationResponse(std::string_view body,
                                                 KinesisStreamingDestinationResponse* out) {
  simdjson::dom::object o;
  STATOR_RETURN_IF_ERROR(ParseAnswer(body, &o));
  DecodeErrors errors;
  StructReader(o, "", &errors).String("TableName", &out->table_name);
  return AnswerStatus(errors, "DescribeKinesisStreamingDestination");
}

Status DecodeContributorInsightsResponse(std::string_view body, ContributorInsightsResponse* out) {
  return DecodeAnswer(body, "DescribeContributorInsights", [&](StructReader& r) {
    r.String("TableName", &out->table_name);
    r.OptString("IndexName", &out->index_name);
    r.String("ContributorInsightsStatus", &out->contributor_insights_status);
  });
}

Status DecodeResourcePolicyResponse(std::string_view body, ResourcePolicyResponse* out) {
  return DecodeAnswer(body, "ResourcePolicy", [&](StructReader& r) {
    r.OptString("Policy", &out->policy);
    r.String("RevisionId", &out->revision_id);
  });
}

}  // namespace stator::api
