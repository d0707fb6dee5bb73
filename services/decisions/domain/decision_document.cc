#include "services/decisions/domain/decision_document.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/public_record.h"

namespace award::decisions {
namespace {

std::string PeriodText(const v1::DecisionAward& award) {
  if (award.first_year() == award.last_year()) return absl::StrCat("năm ", award.last_year());
  return absl::StrCat(award.first_year(), "-", award.last_year());
}

std::string Coefficient(uint32_t tenths) { return absl::StrCat(tenths / 10, ",", tenths % 10); }

}  // namespace

std::string RenderDecision(const v1::DecisionDrafted& drafted, absl::string_view number_text) {
  std::string text;
  absl::StrAppend(&text, "# ", drafted.authority_name(), "\n\n");
  absl::StrAppend(&text, "Số: ", number_text, "\n\n");
  absl::StrAppend(&text, "Ngày ", DateText(drafted.decision_date()), "\n\n");
  absl::StrAppend(&text, "## QUYẾT ĐỊNH\n\n", drafted.subject(), "\n\n");
  absl::StrAppend(&text, "**Điều 1.** Khen thưởng:\n\n");
  absl::StrAppend(&text,
                  "| STT | Đối tượng | Đơn vị | Hình thức, danh hiệu | Thời gian | Hệ số | "
                  "Tiền thưởng (đồng) |\n|---|---|---|---|---|---|---|\n");
  std::set<std::string> versions;
  int64_t base = 0;
  int row = 0;
  for (const v1::DecisionAward& award : drafted.awards()) {
    versions.insert(award.rule_set_version());
    base = award.base_salary_vnd();
    std::string amount = VndText(award.amount_vnd());
    if (!award.unpaid_reason().empty()) absl::StrAppend(&amount, " (", award.unpaid_reason(), ")");
    absl::StrAppend(&text, "| ", ++row, " | ", award.nominee_name(), " (",
                    SubjectTypeName(award.subject_type()), ") | ", award.organisation_unit(), " | ",
                    AwardKindName(award.kind()), " | ", PeriodText(award), " | ",
                    Coefficient(award.coefficient_tenths()), " | ", amount, " |\n");
  }
  absl::StrAppend(&text, "\nTổng cộng: ", VndText(drafted.total_vnd()), " đồng.\n\n");
  absl::StrAppend(
      &text, "**Điều 2.** Tiền thưởng tính theo mức lương cơ sở ", VndText(base),
      " đồng (ngày ký quyết định), làm tròn lên hàng chục nghìn đồng; quy định áp "
      "dụng: ",
      absl::StrJoin(versions, ", "), "; tập thể, hộ gia đình: ",
      drafted.multiplier_rounding() == v1::MULTIPLIER_ROUNDING_ROUND_MULTIPLIED_COEFFICIENT
          ? "làm tròn sau khi nhân hệ số"
          : "nhân mức thưởng cá nhân đã làm tròn",
      ".\n\n");
  const v1::Signer& signer = drafted.signer();
  absl::StrAppend(&text, "**Người ký:** ",
                  signer.capacity() == v1::SIGNER_CAPACITY_DEPUTY ? "KT. (ký thay) " : "",
                  signer.title(), " ", signer.full_name(), "\n");
  return text;
}

}  // namespace award::decisions
