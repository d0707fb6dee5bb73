// awardctl's parts without a server: the catalogue against the services'
// descriptors, the Vietnamese labels, requests from flags, the rendering, and
// the error report.
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "award/v1/council_service.pb.h"
#include "award/v1/decisions_service.pb.h"
#include "award/v1/nominations_service.pb.h"
#include "award/v1/query_service.pb.h"
#include "eventstore/errors.h"
#include "eventstore/sha256.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"
#include "tools/awardctl/error_report.h"
#include "tools/awardctl/render_text.h"
#include "tools/awardctl/request_flags.h"
#include "tools/awardctl/rpc_commands.h"
#include "tools/awardctl/vietnamese_labels.h"

namespace award::ctl {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;

constexpr const char* kServices[] = {"award.v1.Nominations", "award.v1.Council",
                                     "award.v1.Decisions", "award.v1.Query"};

TEST(RpcCommandsTest, EveryRpcOfEveryServiceHasExactlyOneSubcommand) {
  std::multiset<std::string> catalogued;
  for (const RpcCommand& command : RpcCommands()) catalogued.insert(std::string(command.method));
  for (const char* name : kServices) {
    const google::protobuf::ServiceDescriptor* service =
        DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      EXPECT_EQ(catalogued.count(service->method(i)->full_name()), 1u)
          << service->method(i)->full_name();
    }
  }
}

TEST(RpcCommandsTest, EverySubcommandNamesAUnaryRpcInAKnownGroupOnce) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const RpcCommand& command : RpcCommands()) {
    const google::protobuf::MethodDescriptor* method =
        DescriptorPool::generated_pool()->FindMethodByName(std::string(command.method));
    ASSERT_NE(method, nullptr) << command.method;
    EXPECT_FALSE(method->client_streaming() || method->server_streaming()) << command.method;
    EXPECT_NE(std::find(CommandGroups().begin(), CommandGroups().end(), command.group),
              CommandGroups().end())
        << command.group;
    EXPECT_TRUE(seen.insert({std::string(command.group), std::string(command.verb)}).second)
        << command.group << " " << command.verb;
    EXPECT_FALSE(command.summary.empty());
    EXPECT_EQ(FindRpcCommand(command.group, command.verb), &command);
  }
  EXPECT_EQ(FindRpcCommand("nomination", "frobnicate"), nullptr);
}

// Every field and enum value reachable from a message, once each.
void Reach(const Descriptor& type, std::set<const Descriptor*>& messages,
           std::set<const FieldDescriptor*>& fields,
           std::set<const google::protobuf::EnumValueDescriptor*>& values) {
  if (!messages.insert(&type).second) return;
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor* field = type.field(i);
    fields.insert(field);
    if (field->enum_type() != nullptr) {
      for (int v = 0; v < field->enum_type()->value_count(); ++v) {
        values.insert(field->enum_type()->value(v));
      }
    }
    if (field->message_type() != nullptr) Reach(*field->message_type(), messages, fields, values);
  }
}

TEST(VietnameseLabelsTest, EveryFieldAndEnumValueASubcommandSendsOrShowsHasALabel) {
  std::set<const Descriptor*> messages;
  std::set<const FieldDescriptor*> fields;
  std::set<const google::protobuf::EnumValueDescriptor*> values;
  for (const RpcCommand& command : RpcCommands()) {
    const google::protobuf::MethodDescriptor* method =
        DescriptorPool::generated_pool()->FindMethodByName(std::string(command.method));
    Reach(*method->input_type(), messages, fields, values);
    Reach(*method->output_type(), messages, fields, values);
  }
  for (const FieldDescriptor* field : fields) {
    if (field->containing_type()->full_name() == "google.protobuf.Timestamp") continue;
    EXPECT_FALSE(KnownFieldLabel(*field).empty()) << field->full_name();
  }
  for (const google::protobuf::EnumValueDescriptor* value : values) {
    EXPECT_FALSE(KnownEnumLabel(*value).empty()) << value->full_name();
  }
}

TEST(VietnameseLabelsTest, NamesTheLawsTermsAndFallsBackToTheFieldName) {
  const Descriptor& decision = *v1::DecisionIssued::descriptor();
  EXPECT_EQ(FieldLabel(*decision.FindFieldByName("number_text")), "Số, ký hiệu");
  EXPECT_EQ(FieldLabel(*v1::Nominee::descriptor()->FindFieldByName("position")), "Chức vụ");
  EXPECT_EQ(EnumLabel(*v1::AwardKind_descriptor()->FindValueByName("AWARD_KIND_CSTD_CO_SO")),
            "Chiến sĩ thi đua cơ sở");
  EXPECT_EQ(EnumLabel(*v1::AwardKind_descriptor()->FindValueByName("AWARD_KIND_UNSPECIFIED")),
            "chưa xác định");
}

TEST(RequestFlagsTest, FillsNestedFieldsEnumsDatesAndRepeatedValuesByPath) {
  v1::DraftNominationRequest request;
  ASSERT_TRUE(FillRequest({"--draft.nomination_id=n-1", "--draft.kind=cstd_co_so",
                           "--draft.nominee.full_name=Nguyễn Văn An",
                           "--draft.nominee.subject_type=SUBJECT_TYPE_INDIVIDUAL",
                           "--draft.period.year=2025", "--draft.achievement_ids=a-1",
                           "--draft.achievement_ids=a-2", "--draft.years[0].year=2025",
                           "--draft.years[0].rating=excellent", "--draft.years[0].initiatives=unit",
                           "--draft.years[1].year=2024", "--draft.simplified_procedure"},
                          request)
                  .ok());
  const v1::NominationDrafted& d = request.draft();
  EXPECT_EQ(d.nomination_id(), "n-1");
  EXPECT_EQ(d.kind(), v1::AWARD_KIND_CSTD_CO_SO);
  EXPECT_EQ(d.nominee().full_name(), "Nguyễn Văn An");
  EXPECT_EQ(d.nominee().subject_type(), v1::SUBJECT_TYPE_INDIVIDUAL);
  EXPECT_EQ(d.period().year(), 2025);
  EXPECT_EQ(d.achievement_ids_size(), 2);
  ASSERT_EQ(d.years_size(), 2);
  EXPECT_EQ(d.years(0).rating(), v1::RATING_EXCELLENT);
  EXPECT_EQ(d.years(0).initiatives(0), v1::INITIATIVE_SCOPE_UNIT);
  EXPECT_EQ(d.years(1).year(), 2024);
  EXPECT_TRUE(d.simplified_procedure());

  v1::SubmitNominationRequest submit;
  ASSERT_TRUE(FillRequest({"--received_on=2025-12-10"}, submit).ok());
  EXPECT_EQ(submit.received_on().year(), 2025);
  EXPECT_EQ(submit.received_on().month(), 12);
  EXPECT_EQ(submit.received_on().day(), 10);
}

TEST(RequestFlagsTest, TakesAJsonRequestThenFlagsOverIt) {
  v1::CastBallotRequest request;
  ASSERT_TRUE(FillRequest({R"(--request={"meeting_id":"m-1","choice":"BALLOT_CHOICE_AGREE"})",
                           "--member_id=tv-1"},
                          request)
                  .ok());
  EXPECT_EQ(request.meeting_id(), "m-1");
  EXPECT_EQ(request.choice(), v1::BALLOT_CHOICE_AGREE);
  EXPECT_EQ(request.member_id(), "tv-1");
}

TEST(RequestFlagsTest, TakesASha256AsHexOrAsTheDigestOfAFile) {
  award::testing::TempDir dir;
  std::ofstream(dir.Sub("memo.pdf")) << "tờ trình";
  v1::AttachDocumentRequest request;
  ASSERT_TRUE(FillRequest({"--document.sha256=@" + dir.Sub("memo.pdf")}, request).ok());
  EXPECT_EQ(request.document().sha256(),
            std::string(eventstore::HashBytes(eventstore::Sha256({"tờ trình"}))));
  v1::RemoveDocumentRequest remove;
  ASSERT_TRUE(FillRequest({"--sha256=" + std::string(64, 'a')}, remove).ok());
  EXPECT_EQ(remove.sha256(), std::string(32, '\xaa'));
  EXPECT_FALSE(FillRequest({"--sha256=abc"}, remove).ok());
}

TEST(RequestFlagsTest, BadFlagsAreInvalidArgumentNamingTheFlag) {
  v1::DraftNominationRequest request;
  for (const auto& [arg, field] : std::vector<std::pair<std::string, std::string>>{
           {"--draft.kindd=GIAY_KHEN", "draft.kindd"},
           {"--draft.kind=huy_chuong_vang", "draft.kind"},
           {"--draft.period.year=hai nghìn", "draft.period.year"},
           {"--draft.years.year=2025", "draft.years.year"},
           {"--draft.years[3].year=2025", "draft.years[3].year"},
           {"--draft.nominee=x", "draft.nominee"},
           {"--draft.nomination_id.x=1", "draft.nomination_id.x"},
           {"--request={not json", "request"},
           {"positional", "positional"},
       }) {
    const absl::Status status = FillRequest({arg}, request);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << arg;
    EXPECT_EQ(eventstore::ErrorField(status).value_or(""), field) << arg;
  }
  v1::ScheduleMeetingRequest schedule;
  EXPECT_EQ(FillRequest({"--meeting_date=2025-02-30"}, schedule).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RequestFlagsTest, HelpListsEveryFlagWithItsVietnameseLabel) {
  const std::vector<std::string> lines = RequestFlagHelp(*v1::CastBallotRequest::descriptor());
  auto has = [&](const std::string& text) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& line) { return absl::StrContains(line, text); });
  };
  EXPECT_TRUE(has("--meeting_id"));
  EXPECT_TRUE(has("--choice"));
  EXPECT_TRUE(has("AGREE, DISAGREE, ABSTAIN"));
  EXPECT_TRUE(has("Lựa chọn"));
}

TEST(RenderTextTest, ShowsDatesMoneyEnumsAndTablesInVietnamese) {
  v1::DraftDecisionResponse response;
  v1::DecisionDrafted& drafted = *response.mutable_drafted();
  drafted.set_decision_id("qd-1");
  drafted.mutable_decision_date()->set_year(2025);
  drafted.mutable_decision_date()->set_month(12);
  drafted.mutable_decision_date()->set_day(6);
  drafted.set_total_vnd(3'050'000);
  v1::DecisionAward& award = *drafted.add_awards();
  award.set_nominee_name("Nguyễn Thị Hoa");
  award.set_kind(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN);
  award.set_coefficient_tenths(3);
  award.set_amount_vnd(710'000);
  v1::DecisionAward& other = *drafted.add_awards();
  other.set_nominee_name("Trường THCS Tân Lập");
  other.set_kind(v1::AWARD_KIND_TAP_THE_LD_TIEN_TIEN);
  other.set_coefficient_tenths(8);
  other.set_amount_vnd(0);
  const std::string text = RenderText(response);
  EXPECT_TRUE(absl::StrContains(text, "Ngày ký: 06/12/2025")) << text;
  EXPECT_TRUE(absl::StrContains(text, "Tổng tiền thưởng: 3.050.000 đ")) << text;
  EXPECT_TRUE(absl::StrContains(text, "Danh sách khen thưởng (2):")) << text;
  EXPECT_TRUE(absl::StrContains(text, "Lao động tiên tiến")) << text;
  EXPECT_TRUE(absl::StrContains(text, "710.000 đ")) << text;
  EXPECT_TRUE(absl::StrContains(text, "0,3")) << text;
  // A zero amount still shows in its column: 0 is an amount.
  EXPECT_TRUE(absl::StrContains(text, "0 đ")) << text;
}

TEST(RenderTextTest, DrawsTheStatisticsAsAGridOfKindsByYear) {
  v1::GetStatisticsResponse response;
  v1::StatisticsTable& table = *response.mutable_table();
  table.set_authority_id("ubnd-xa-tan-lap");
  table.add_years(2024);
  table.add_years(2025);
  v1::StatisticsRow& row = *table.add_rows();
  row.set_label("Lao động tiên tiến - cá nhân");
  row.add_counts(7);
  row.add_counts(109);
  table.add_totals(7);
  table.add_totals(109);
  const std::string text = RenderText(response);
  EXPECT_TRUE(absl::StrContains(text, "2024  2025")) << text;
  EXPECT_TRUE(absl::StrContains(text, "Lao động tiên tiến - cá nhân")) << text;
  EXPECT_TRUE(absl::StrContains(text, "      7   109\n")) << text;
  // Summaries the table does not give are left out, not printed empty.
  EXPECT_FALSE(absl::StrContains(text, "Bị hủy bỏ")) << text;
}

TEST(ErrorReportTest, GivesTheCodeTheRulesTheFieldAndTheReason) {
  const absl::Status refused = absl::FailedPreconditionError(
      "the nomination does not meet the rules: R3: not rated at least good in 2025; R16: 2024 "
      "was already counted; R3: no initiative");
  EXPECT_EQ(CitedRules(std::string(refused.message())), (std::vector<std::string>{"R3", "R16"}));
  const std::string text = ErrorText(refused);
  EXPECT_TRUE(absl::StrContains(text, "lỗi: FAILED_PRECONDITION\n")) << text;
  EXPECT_TRUE(absl::StrContains(text, "quy tắc: R3, R16\n")) << text;
  const absl::Status bad = eventstore::InvalidField("draft.kind", "missing");
  EXPECT_TRUE(absl::StrContains(ErrorText(bad), "trường: draft.kind\n"));
  google::protobuf::Struct json;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ErrorJson(refused), &json).ok());
  EXPECT_EQ(json.fields().at("code").string_value(), "FAILED_PRECONDITION");
  ASSERT_EQ(json.fields().at("rules").list_value().values_size(), 2);
  EXPECT_EQ(json.fields().at("rules").list_value().values(1).string_value(), "R16");
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ErrorJson(bad), &json).ok());
  EXPECT_EQ(json.fields().at("field").string_value(), "draft.kind");
  EXPECT_EQ(json.fields().at("message").string_value(), "draft.kind: missing");
}

}  // namespace
}  // namespace award::ctl
