// prior_import_bench: how fast awardctl import-prior takes in an archive of
// paper decisions on awardd, one line per run:
//
//   scenario=import_prior lines=100000 decisions=1000 workers=32 seconds=... lines_per_sec=...
//   recorded=100000 already=0 refused=0
//   scenario=import_prior_again ... recorded=0 already=100000 refused=0
//
// awardd runs as its own process on a fresh data directory (durable appends,
// gRPC on loopback); the CSV, generated here, holds `lines` awardees of paper
// decisions of one commune from 2014 to 2024, `per_decision` to a decision.
// The second run imports the same file again: it must record nothing.
//
//   prior_import_bench [--lines=100000] [--per_decision=100] [--workers=32] [--dir=/tmp]
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "award/v1/nominations_service.pb.h"
#include "bench/awardd_process.h"
#include "tools/awardctl/platform_client.h"
#include "tools/awardctl/prior_import.h"

ABSL_FLAG(int, lines, 100'000, "Awardees in the CSV file");
ABSL_FLAG(int, per_decision, 100, "Awardees of each paper decision");
ABSL_FLAG(int, workers, 32, "import-prior's workers");
ABSL_FLAG(std::string, dir, "", "Where to create the data directory (default: $TMPDIR or /tmp)");
ABSL_FLAG(std::string, awardd, AWARD_AWARDD_PATH, "The awardd binary");
ABSL_FLAG(std::string, rules_dir, AWARD_RULES_DIR, "Directory of the rule sets");

namespace {

constexpr char kCommune[] = "ubnd-xa-luu-tru";

[[noreturn]] void Fail(const std::string& what) {
  std::cerr << "prior_import_bench: " << what << std::endl;
  std::exit(1);
}

std::string ArchiveCsv(int lines, int per_decision) {
  std::ostringstream csv;
  csv << "\xEF\xBB\xBF"
         "authority_id,number_text,decision_date,signer_name,signer_title,scan_sha256,"
         "awardee_id,nominee_name,subject_type,kind,first_year,last_year,basis,amount_paid_vnd,"
         "achievement_ids\n";
  const std::string scan(64, 'b');
  for (int i = 0; i < lines; ++i) {
    const int decision = i / per_decision;
    const int year = 2014 + decision % 11;
    const bool worker = i % 3 != 0;
    csv << kCommune << "," << decision + 1 << "/QĐ-UBND," << year << "-12-" << 10 + decision % 18
        << ",Lò Văn Thắng,Chủ tịch," << scan << ",cn-" << i << ",\"Nguyễn Thị " << i
        << "\",INDIVIDUAL," << (worker ? "LAO_DONG_TIEN_TIEN" : "GIAY_KHEN") << "," << year << ","
        << year << ",MERIT," << (worker ? 400'000 : 700'000) << ",tt-" << i << "\n";
  }
  return csv.str();
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int lines = absl::GetFlag(FLAGS_lines);
  const int per_decision = std::max(1, absl::GetFlag(FLAGS_per_decision));
  std::string base = absl::GetFlag(FLAGS_dir);
  if (base.empty()) base = std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR") : "/tmp";
  std::string root = absl::StrCat(base, "/prior_import_bench.XXXXXX");
  if (mkdtemp(root.data()) == nullptr) Fail("mkdtemp");
  const award::bench::AwarddProcess awardd = award::bench::StartAwardd(
      absl::GetFlag(FLAGS_awardd),
      {"--data_dir=" + root + "/data", "--rules_dir=" + absl::GetFlag(FLAGS_rules_dir)});

  award::ctl::PlatformClient client(award::ctl::Endpoints::AllAt(awardd.address),
                                    absl::Seconds(60));
  award::v1::RegisterAuthorityRequest registration;
  award::v1::AuthorityRegistered& commune = *registration.mutable_authority();
  commune.set_authority_id(kCommune);
  commune.set_name("Ủy ban nhân dân xã Lưu Trữ");
  commune.set_level(award::v1::AUTHORITY_LEVEL_COMMUNE);
  commune.set_decision_symbol("QĐ-UBND");
  commune.mutable_established_on()->set_year(2000);
  commune.mutable_established_on()->set_month(1);
  commune.mutable_established_on()->set_day(1);
  auto registered = client.Command<award::v1::RegisterAuthorityResponse>(
      "award.v1.Nominations.RegisterAuthority", registration, "bench", "register-commune");
  if (!registered.ok()) Fail(std::string(registered.status().message()));

  const std::string csv = ArchiveCsv(lines, per_decision);
  award::ctl::ImportOptions options;
  options.actor = "bench";
  options.workers = absl::GetFlag(FLAGS_workers);
  options.progress_every = absl::Seconds(10);
  for (const char* scenario : {"import_prior", "import_prior_again"}) {
    std::istringstream file(csv);
    std::ostringstream refused;
    absl::StatusOr<award::ctl::ImportSummary> summary =
        award::ctl::ImportPriorDecisions(client, file, options, std::cerr, refused);
    if (!summary.ok()) Fail(std::string(summary.status().message()));
    const double seconds = absl::ToDoubleSeconds(summary->took);
    std::cout << absl::StrFormat(
                     "scenario=%s lines=%d decisions=%d workers=%d seconds=%.2f "
                     "lines_per_sec=%.0f recorded=%d already=%d refused=%d",
                     scenario, summary->lines, (lines + per_decision - 1) / per_decision,
                     options.workers, seconds, summary->lines / seconds, summary->recorded,
                     summary->already_recorded, summary->refused)
              << std::endl;
    if (summary->refused > 0) std::cerr << refused.str().substr(0, 2000);
  }
  award::bench::StopAwardd(awardd);
  std::filesystem::remove_all(root);
  return 0;
}
