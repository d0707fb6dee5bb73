#include "services/council/domain/minutes.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/public_record.h"

namespace award::council {
namespace {

std::string RoleName(v1::CouncilRole role) {
  switch (role) {
    case v1::COUNCIL_ROLE_CHAIR:
      return "Chủ tịch Hội đồng";
    case v1::COUNCIL_ROLE_STANDING_VICE_CHAIR:
      return "Phó Chủ tịch Thường trực";
    case v1::COUNCIL_ROLE_VICE_CHAIR:
      return "Phó Chủ tịch";
    case v1::COUNCIL_ROLE_MEMBER:
      return "Ủy viên";
    case v1::COUNCIL_ROLE_SECRETARY:
      return "Thư ký";
    default:
      return "";
  }
}

const v1::CouncilMember* Find(const v1::MeetingConvened& convened, absl::string_view id) {
  for (const v1::CouncilMember& member : convened.members()) {
    if (member.member_id() == id) return &member;
  }
  return nullptr;
}

std::string Describe(const v1::MeetingConvened& convened, absl::string_view id) {
  const v1::CouncilMember* member = Find(convened, id);
  if (member == nullptr) return std::string(id);
  std::string text = absl::StrCat(member->full_name(), " (", RoleName(member->role()));
  if (!member->position().empty()) absl::StrAppend(&text, ", ", member->position());
  return absl::StrCat(text, ")");
}

std::string ResultText(v1::CouncilResult result) {
  return result == v1::COUNCIL_RESULT_RECOMMENDED ? "Đề nghị khen thưởng" : "Không đề nghị";
}

}  // namespace

std::string RenderMinutes(const Meeting& meeting) {
  const v1::MeetingScheduled& scheduled = meeting.scheduled;
  const v1::MeetingConvened& convened = meeting.convened;
  std::string text = "# BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG\n\n";
  absl::StrAppend(&text, "- Hội đồng: ", convened.council_name(), " (", scheduled.authority_id(),
                  ")\n");
  absl::StrAppend(&text, "- Phiên họp: ", scheduled.meeting_id(), "\n");
  absl::StrAppend(&text, "- Thời gian: ngày ", DateText(scheduled.meeting_date()), "\n");
  absl::StrAppend(&text, "- Địa điểm: ", scheduled.place(), "\n");
  absl::StrAppend(&text, "- Chủ trì: ", Describe(convened, convened.presiding_member_id()), "\n");
  absl::StrAppend(&text, "- Thư ký: ", Describe(convened, convened.secretary_id()), "\n\n");

  absl::StrAppend(&text, "## Thành phần tham dự\n\n");
  absl::StrAppend(&text, "Tổng số thành viên có quyền biểu quyết: ", convened.voting_members(),
                  "; có mặt: ", convened.present_voting_members(),
                  "; vắng mặt: ", convened.voting_members() - convened.present_voting_members(),
                  ". Tỷ lệ tham dự tối thiểu: ", convened.quorum().numerator(), "/",
                  convened.quorum().denominator(), " tổng số thành viên (đủ).\n\n");
  absl::StrAppend(&text, "Có mặt:\n\n");
  int n = 0;
  for (const std::string& id : convened.present_member_ids()) {
    absl::StrAppend(&text, ++n, ". ", Describe(convened, id), "\n");
  }
  absl::StrAppend(&text, "\nVắng mặt:\n\n");
  n = 0;
  for (const v1::CouncilMember& member : convened.members()) {
    const auto& present = convened.present_member_ids();
    if (std::find(present.begin(), present.end(), member.member_id()) == present.end()) {
      absl::StrAppend(&text, ++n, ". ", Describe(convened, member.member_id()), "\n");
    }
  }
  if (n == 0) absl::StrAppend(&text, "Không.\n");

  absl::StrAppend(&text, "\n## Kết quả biểu quyết\n\n");
  absl::StrAppend(&text,
                  "| STT | Hồ sơ | Đối tượng | Danh hiệu, hình thức | Cách biểu quyết | Đồng ý | "
                  "Không đồng ý | Không biểu quyết | Không tham gia | Ý kiến bằng văn bản | "
                  "Tỷ lệ đồng ý / tổng số thành viên | Ngưỡng | Kết quả |\n");
  absl::StrAppend(&text, "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  n = 0;
  for (const v1::ItemTally& tally : meeting.tallies) {
    const v1::AgendaItem* item = meeting.FindItem(tally.nomination_id());
    absl::StrAppend(&text, "| ", ++n, " | ", tally.nomination_id(), " | ",
                    item ? item->nominee_name() : "", " | ",
                    item ? AwardKindName(item->kind()) : "", " | ",
                    tally.open_vote() ? "Biểu quyết công khai" : "Bỏ phiếu kín", " | ",
                    tally.agree(), " | ", tally.disagree(), " | ", tally.abstain(), " | ",
                    tally.not_voting(), " | ", tally.written_opinions(), " | ", tally.agree_share(),
                    " | ", tally.threshold_percent(), " % | ", ResultText(tally.result()), " |\n");
  }
  absl::StrAppend(&text,
                  "\nTỷ lệ đồng ý tính trên tổng số thành viên Hội đồng có quyền biểu quyết, "
                  "không tính trên số thành viên có mặt.\n\n");
  if (!meeting.deferred.empty()) {
    absl::StrAppend(&text, "## Hồ sơ hoãn xét\n\n");
    n = 0;
    for (const v1::DeferredItem& deferred : meeting.deferred) {
      absl::StrAppend(&text, ++n, ". ", deferred.nomination_id(), ": ", deferred.reason(), "\n");
    }
    absl::StrAppend(&text, "\n");
  }
  absl::StrAppend(&text, "## Ký biên bản\n\n");
  absl::StrAppend(&text, "- Chủ trì: ", Describe(convened, convened.presiding_member_id()), "\n");
  absl::StrAppend(&text, "- Thư ký: ", Describe(convened, convened.secretary_id()), "\n");
  return text;
}

}  // namespace award::council
