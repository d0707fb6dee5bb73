// awardctl import-prior against awardd as a process: a CSV archive of paper
// decisions (with a byte-order mark, CRLF line ends, quoted names and bad
// lines) is imported line by line, every refused line named with its column,
// and a second run over the same file records nothing.
#include "tools/awardctl/prior_import.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "award/v1/decisions_service.pb.h"
#include "award/v1/nominations_service.pb.h"
#include "gtest/gtest.h"
#include "tests/support/api_values.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace award::ctl {
namespace {

using award::testing::AnnouncedServer;

TEST(CsvRecordTest, SplitsQuotedFieldsAndNamesTheColumnWhereARecordBreaks) {
  LineError error;
  absl::StatusOr<std::vector<std::string>> fields =
      ParseCsvRecord(R"(a,"Nguyễn, Văn ""Út""",,c)", error);
  ASSERT_TRUE(fields.ok()) << fields.status();
  EXPECT_EQ(*fields, (std::vector<std::string>{"a", "Nguyễn, Văn \"Út\"", "", "c"}));
  EXPECT_FALSE(ParseCsvRecord(R"(a,b,"open)", error).ok());
  EXPECT_EQ(error.column, "3");
  EXPECT_FALSE(ParseCsvRecord(R"(a,"x"y,b)", error).ok());
  EXPECT_EQ(error.column, "2");
}

constexpr char kHeader[] =
    "\xEF\xBB\xBF"
    "authority_id,number_text,decision_date,signer_name,signer_title,scan_sha256,awardee_id,"
    "nominee_name,subject_type,kind,first_year,last_year,basis,amount_paid_vnd,achievement_ids\r\n";

std::string Line(const std::string& number, const std::string& date, const std::string& awardee,
                 const std::string& kind, int year, const std::string& extra = "") {
  return absl::StrCat("ubnd-xa-luu-tru,", number, ",", date, ",Lò Văn Thắng,Chủ tịch,",
                      std::string(64, 'c'), ",", awardee, ",\"Nguyễn, Thị ", awardee,
                      "\",INDIVIDUAL,", kind, ",", year, ",", year, ",MERIT,700000,", extra,
                      "\r\n");
}

TEST(PriorImportTest, ImportsAnArchiveLineByLineReportsEachRefusalAndNeverTwice) {
  award::testing::TempDir dir;
  AnnouncedServer awardd("awardd", {AWARD_AWARDD_PATH, "--data_dir=" + dir.Sub("data"),
                                    "--listen=127.0.0.1:0", "--rules_dir=" AWARD_RULES_DIR});
  ASSERT_FALSE(awardd.address.empty());
  PlatformClient client(Endpoints::AllAt(awardd.address), absl::Seconds(30));
  v1::RegisterAuthorityRequest registration;
  *registration.mutable_authority() = award::testing::AuthorityEntry(
      "ubnd-xa-luu-tru", "Ủy ban nhân dân xã Lưu Trữ", v1::AUTHORITY_LEVEL_COMMUNE, "",
      award::testing::Day(2000, 1, 1));
  ASSERT_TRUE(client
                  .Command<v1::RegisterAuthorityResponse>("award.v1.Nominations.RegisterAuthority",
                                                          registration, "clerk", "register")
                  .ok());

  std::string csv = kHeader;
  for (int i = 0; i < 30; ++i) {  // lines 2-31: two decisions of 2016 and 2019
    csv += i < 20 ? Line("7/QĐ-UBND", "2016-12-20", absl::StrCat("cn-", i), "LAO_DONG_TIEN_TIEN",
                         2016, absl::StrCat("tt-", i))
                  : Line("45/QĐ-UBND", "2019-12-25", absl::StrCat("cn-", i), "giay_khen", 2019);
  }
  csv += Line("46/QĐ-UBND", "2019-12-25", "cn-x", "XA_TIEU_BIEU", 2019);  // 32: not then
  csv += Line("47/QĐ-UBND", "2019-02-30", "cn-y", "GIAY_KHEN", 2019);     // 33: no such day
  csv += Line("48/QĐ-UBND", "2019-12-25", "cn-z", "HUY_CHUONG", 2019);    // 34: no such kind
  csv += "ubnd-xa-luu-tru,\"49/QĐ-UBND,2019-12-25\r\n";                   // 35: broken
  csv += "\r\n";                                                          // blank: skipped
  csv += Line("45/QĐ-UBND", "2019-12-26", "cn-w", "GIAY_KHEN", 2019);     // 37: other date

  ImportOptions options;
  options.actor = "clerk:van.thu";
  options.workers = 4;
  std::ostringstream progress, errors;
  std::istringstream file(csv);
  absl::StatusOr<ImportSummary> first =
      ImportPriorDecisions(client, file, options, progress, errors);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->lines, 35);
  EXPECT_EQ(first->recorded, 30);
  EXPECT_EQ(first->already_recorded, 0);
  EXPECT_EQ(first->refused, 5) << errors.str();
  for (const char* expected : {"line 32, column kind: FAILED_PRECONDITION",
                               "line 33, column decision_date:", "line 34, column kind: '",
                               "line 35, column 2: a quoted field is not closed",
                               "line 37, column decision_date: FAILED_PRECONDITION"}) {
    EXPECT_TRUE(absl::StrContains(errors.str(), expected)) << expected << "\n" << errors.str();
  }

  v1::GetDecisionRequest get;
  get.set_decision_id("giay-ubnd-xa-luu-tru-2016-7-QĐ-UBND");
  absl::StatusOr<v1::GetDecisionResponse> decision =
      client.Read<v1::GetDecisionResponse>("award.v1.Decisions.GetDecision", get);
  ASSERT_TRUE(decision.ok()) << decision.status();
  EXPECT_EQ(decision->state(), v1::DECISION_STATE_RECORDED_FROM_PAPER);
  EXPECT_EQ(decision->prior_awards_size(), 20);
  EXPECT_EQ(decision->prior_awards(3).nominee_name(), "Nguyễn, Thị cn-3");

  // The same file again: nothing is recorded twice, the same lines are refused.
  std::ostringstream again_errors;
  std::istringstream again_file(csv);
  absl::StatusOr<ImportSummary> again =
      ImportPriorDecisions(client, again_file, options, progress, again_errors);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->recorded, 0);
  EXPECT_EQ(again->already_recorded, 30);
  EXPECT_EQ(again->refused, 5);
  decision = client.Read<v1::GetDecisionResponse>("award.v1.Decisions.GetDecision", get);
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ(decision->prior_awards_size(), 20);

  // A header without a required column imports nothing.
  std::istringstream headless("authority_id,number_text\nx,1/QĐ\n");
  absl::StatusOr<ImportSummary> refused =
      ImportPriorDecisions(client, headless, options, progress, errors);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(refused.status().message(), "decision_date")) << refused.status();
}

}  // namespace
}  // namespace award::ctl
