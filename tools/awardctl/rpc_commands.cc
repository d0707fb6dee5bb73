#include "tools/awardctl/rpc_commands.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "award/v1/council_service.pb.h"
#include "award/v1/decisions_service.pb.h"
#include "award/v1/nominations_service.pb.h"
#include "award/v1/query_service.pb.h"
#include "eventstore/v1/eventstore.pb.h"

namespace award::ctl {
namespace {

// Touches one message of each service's file, so that the linker keeps its
// generated code and the file registers its services with the generated
// pool: the catalogue's methods are then found by name.
void RegisterServiceDescriptors() {
  (void)v1::DraftNominationRequest::descriptor();
  (void)v1::ScheduleMeetingRequest::descriptor();
  (void)v1::DraftDecisionRequest::descriptor();
  (void)v1::GetStatisticsRequest::descriptor();
  (void)eventstore::v1::DigestRequest::descriptor();
}

}  // namespace

const std::vector<absl::string_view>& CommandGroups() {
  static const auto* groups = new std::vector<absl::string_view>{
      "authority", "campaign", "cluster", "nomination", "council",
      "meeting",   "decision", "query",   "audit"};
  return *groups;
}

const std::vector<RpcCommand>& RpcCommands() {
  static const bool registered = (RegisterServiceDescriptors(), true);
  (void)registered;
  static const auto* commands = new std::vector<RpcCommand>{
      {"authority", "register", "award.v1.Nominations.RegisterAuthority",
       "Đăng ký cơ quan, đơn vị có thẩm quyền khen thưởng"},
      {"authority", "rename", "award.v1.Nominations.RenameAuthority", "Đổi tên cơ quan"},
      {"authority", "merge", "award.v1.Nominations.MergeAuthority", "Sáp nhập vào cơ quan khác"},
      {"authority", "dissolve", "award.v1.Nominations.DissolveAuthority", "Giải thể cơ quan"},
      {"authority", "get", "award.v1.Nominations.GetAuthority", "Xem thông tin cơ quan"},

      {"campaign", "launch", "award.v1.Nominations.LaunchCampaign", "Phát động phong trào thi đua"},
      {"campaign", "close", "award.v1.Nominations.CloseCampaign", "Kết thúc phong trào thi đua"},
      {"campaign", "get", "award.v1.Nominations.GetCampaign", "Xem phong trào thi đua"},

      {"cluster", "constitute", "award.v1.Nominations.ConstituteCluster",
       "Thành lập cụm, khối thi đua (cụm trưởng, cụm phó, thành viên)"},
      {"cluster", "pledge", "award.v1.Nominations.SignClusterPledge", "Ký kết giao ước thi đua"},
      {"cluster", "score", "award.v1.Nominations.RecordClusterScores",
       "Chấm điểm, xếp hạng cuối năm"},
      {"cluster", "propose", "award.v1.Nominations.ProposeClusterLeaders",
       "Suy tôn đơn vị dẫn đầu, đề nghị Cờ thi đua, Bằng khen"},
      {"cluster", "get", "award.v1.Nominations.GetCluster", "Xem cụm, khối thi đua"},
      {"cluster", "list", "award.v1.Nominations.ListClusters",
       "Các cụm, khối thi đua của cơ quan trong năm"},

      {"nomination", "draft", "award.v1.Nominations.DraftNomination", "Lập đề nghị khen thưởng"},
      {"nomination", "attach", "award.v1.Nominations.AttachDocument",
       "Đính kèm tài liệu vào hồ sơ"},
      {"nomination", "remove-document", "award.v1.Nominations.RemoveDocument",
       "Gỡ tài liệu khỏi hồ sơ"},
      {"nomination", "submit", "award.v1.Nominations.SubmitNomination", "Nộp hồ sơ đề nghị"},
      {"nomination", "request-supplement", "award.v1.Nominations.RequestSupplement",
       "Yêu cầu bổ sung hồ sơ"},
      {"nomination", "appraise", "award.v1.Nominations.AppraiseNomination", "Thẩm định hồ sơ"},
      {"nomination", "withdraw", "award.v1.Nominations.WithdrawNomination", "Rút đề nghị"},
      {"nomination", "suspend", "award.v1.Nominations.SuspendNomination",
       "Tạm dừng xét khi đang bị kỷ luật, thanh tra, khiếu nại"},
      {"nomination", "resume", "award.v1.Nominations.ResumeNomination", "Tiếp tục xét"},
      {"nomination", "list-publicly", "award.v1.Nominations.ListNomineePublicly",
       "Công khai danh sách đề nghị"},
      {"nomination", "get", "award.v1.Nominations.GetNomination",
       "Xem hồ sơ đề nghị và lịch sử xử lý"},
      {"nomination", "forward", "award.v1.Decisions.ForwardNomination", "Trình cấp trên"},

      {"council", "constitute", "award.v1.Council.ConstituteCouncil",
       "Thành lập, kiện toàn Hội đồng Thi đua - Khen thưởng"},
      {"council", "add-member", "award.v1.Council.AddCouncilMember", "Bổ sung thành viên"},
      {"council", "remove-member", "award.v1.Council.RemoveCouncilMember", "Thôi thành viên"},
      {"council", "replace-member", "award.v1.Council.ReplaceCouncilMember", "Thay thế thành viên"},
      {"council", "get", "award.v1.Council.GetCouncil", "Xem thành phần Hội đồng"},
      {"council", "outcome", "award.v1.Council.GetCouncilOutcome",
       "Kết quả xét của Hội đồng đối với một đề nghị"},
      {"council", "consult", "award.v1.Council.OpenConsultation", "Lấy ý kiến bằng văn bản"},
      {"council", "answer", "award.v1.Council.AnswerConsultation", "Trả lời phiếu lấy ý kiến"},
      {"council", "close-consultation", "award.v1.Council.CloseConsultation",
       "Kết thúc lấy ý kiến và kiểm phiếu"},
      {"council", "consultation", "award.v1.Council.GetConsultation", "Xem đợt lấy ý kiến"},

      {"meeting", "schedule", "award.v1.Council.ScheduleMeeting", "Triệu tập phiên họp"},
      {"meeting", "add-item", "award.v1.Council.AddAgendaItem", "Bổ sung đề nghị vào chương trình"},
      {"meeting", "remove-item", "award.v1.Council.RemoveAgendaItem",
       "Rút đề nghị khỏi chương trình"},
      {"meeting", "convene", "award.v1.Council.ConveneMeeting",
       "Khai mạc phiên họp (kiểm tra số thành viên có mặt)"},
      {"meeting", "cancel", "award.v1.Council.CancelMeeting", "Hủy phiên họp"},
      {"meeting", "open-voting", "award.v1.Council.OpenVoting", "Bắt đầu bỏ phiếu"},
      {"meeting", "ballot", "award.v1.Council.CastBallot", "Bỏ phiếu"},
      {"meeting", "close-voting", "award.v1.Council.CloseVoting",
       "Kết thúc bỏ phiếu và kiểm phiếu"},
      {"meeting", "sign", "award.v1.Council.SignMinutes", "Ký biên bản"},
      {"meeting", "get", "award.v1.Council.GetMeeting", "Xem phiên họp"},
      {"meeting", "minutes", "award.v1.Council.GetMinutes", "Xem biên bản họp"},

      {"decision", "draft", "award.v1.Decisions.DraftDecision", "Dự thảo quyết định khen thưởng"},
      {"decision", "record-prior", "award.v1.Decisions.RecordPriorAward",
       "Ghi nhận một người được khen theo quyết định giấy trước khi có hệ thống"},
      {"decision", "discard", "award.v1.Decisions.DiscardDecision",
       "Hủy dự thảo quyết định (không ký ban hành)"},
      {"decision", "issue", "award.v1.Decisions.IssueDecision",
       "Ban hành quyết định (cấp số, trao thưởng)"},
      {"decision", "revoke", "award.v1.Decisions.RevokeDecision", "Hủy bỏ quyết định khen thưởng"},
      {"decision", "get", "award.v1.Decisions.GetDecision", "Xem quyết định và văn bản"},
      {"decision", "register", "award.v1.Decisions.GetRegister", "Sổ đăng ký quyết định trong năm"},

      {"query", "nomination", "award.v1.Query.GetNominationView", "Tra cứu một đề nghị"},
      {"query", "nominations", "award.v1.Query.ListNominations", "Danh sách đề nghị"},
      {"query", "awardee", "award.v1.Query.GetAwardeeHistory",
       "Quá trình khen thưởng của một đối tượng"},
      {"query", "decisions", "award.v1.Query.ListDecisions", "Danh sách quyết định trong năm"},
      {"query", "decision", "award.v1.Query.GetDecisionView", "Tra cứu một quyết định"},
      {"query", "statistics", "award.v1.Query.GetStatistics", "Thống kê khen thưởng theo năm"},
      {"query", "projections", "award.v1.Query.GetProjections",
       "Tình trạng các bảng tra cứu (projection)"},

      {"audit", "trail", "award.v1.Query.GetAuditTrail",
       "Nhật ký thao tác theo đối tượng hoặc người thực hiện"},
      {"audit", "meeting", "award.v1.Query.GetMeetingAudit",
       "Ai dự họp, ai bỏ phiếu, ai ký biên bản"},
      {"audit", "digest", "eventstore.v1.EventStore.Digest",
       "Mã băm đầu chuỗi nhật ký (lưu lại để đối chiếu)"},
      {"audit", "verify", "eventstore.v1.EventStore.Verify",
       "Kiểm tra toàn vẹn chuỗi băm của nhật ký"},
      {"audit", "stream", "eventstore.v1.EventStore.GetStreamInfo", "Thông tin một luồng sự kiện"},
      {"audit", "backup", "eventstore.v1.EventStore.Backup",
       "Sao lưu nhật ký khi đang phục vụ (vận hành), kèm mã băm của bản sao"},
  };
  return *commands;
}

const RpcCommand* FindRpcCommand(absl::string_view group, absl::string_view verb) {
  for (const RpcCommand& command : RpcCommands()) {
    if (command.group == group && command.verb == verb) return &command;
  }
  return nullptr;
}

ServiceName ServiceOf(absl::string_view method) {
  if (absl::StartsWith(method, "award.v1.Nominations.")) return ServiceName::kNominations;
  if (absl::StartsWith(method, "award.v1.Council.")) return ServiceName::kCouncil;
  if (absl::StartsWith(method, "award.v1.Decisions.")) return ServiceName::kDecisions;
  if (absl::StartsWith(method, "award.v1.Query.")) return ServiceName::kQuery;
  return ServiceName::kEventStore;
}

}  // namespace award::ctl
