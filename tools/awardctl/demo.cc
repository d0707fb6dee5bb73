#include "tools/awardctl/demo.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "award/v1/council_service.pb.h"
#include "award/v1/decisions_service.pb.h"
#include "award/v1/nominations_service.pb.h"
#include "award/v1/query_service.pb.h"
#include "base/status_macros.h"
#include "eventstore/sha256.h"
#include "services/common/rule_book.h"
#include "services/nominations/domain/awardee_id.h"
#include "tools/awardctl/render_text.h"

namespace award::ctl {
namespace {

constexpr char kProvince[] = "ubnd-tinh-lam-son";
constexpr char kDistrict[] = "ubnd-huyen-tan-phong";
constexpr char kCampaign[] = "tl-phong-trao-2025";
constexpr char kMeeting[] = "tl-hdtdkt-2025-12-22";
constexpr int kYear = 2025;

v1::Date Day(int year, int month, int day) { return DateOf(absl::CivilDay(year, month, day)); }

// The step that failed, before the service's reason; the details stay.
absl::Status InStep(const absl::Status& status, absl::string_view step) {
  if (status.ok()) return status;
  absl::Status annotated(status.code(), absl::StrCat(step, ": ", status.message()));
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    annotated.SetPayload(url, payload);
  });
  return annotated;
}

// Calls with the demo's fixed request ids, so that a second run repeats
// every answer instead of recording anything twice.
class Clerk {
 public:
  Clerk(const PlatformClient& client, std::string actor)
      : client_(client), actor_(std::move(actor)) {}

  template <typename Response, typename Request>
  absl::StatusOr<Response> Command(absl::string_view method, Request request,
                                   const std::string& request_id) const {
    absl::StatusOr<Response> response =
        client_.Command<Response>(method, std::move(request), actor_, "demo-" + request_id);
    if (!response.ok()) return InStep(response.status(), request_id);
    return response;
  }

  template <typename Response, typename Request>
  absl::StatusOr<Response> Read(absl::string_view method, const Request& request) const {
    return client_.Read<Response>(method, request);
  }

 private:
  const PlatformClient& client_;
  const std::string actor_;
};

// Runs work(0..count-1) on `threads` threads; the first error wins.
absl::Status ParallelFor(int count, int threads, const std::function<absl::Status(int)>& work) {
  std::atomic<int> next{0};
  absl::Mutex mu;
  absl::Status first;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = next++; i < count; i = next++) {
        absl::Status status = work(i);
        absl::MutexLock lock(&mu);
        if (!status.ok() && first.ok()) first = status;
        if (!first.ok()) return;
      }
    });
  }
  for (std::thread& thread : pool) thread.join();
  return first;
}

// ---- The commune's people and units (fictional).

struct Unit {
  const char* code;
  const char* name;
  const char* position;  // of its staff
  bool direct_workers;
};

constexpr Unit kUnits[] = {
    {"TL-VP", "Văn phòng HĐND và UBND xã Tân Lập", "Công chức", false},
    {"TL-KT", "Phòng Kinh tế xã Tân Lập", "Công chức", false},
    {"TL-VHXH", "Phòng Văn hóa - Xã hội xã Tân Lập", "Công chức", false},
    {"TL-MN", "Trường Mầm non Tân Lập", "Giáo viên", true},
    {"TL-TH", "Trường Tiểu học Tân Lập", "Giáo viên", true},
    {"TL-THCS", "Trường THCS Tân Lập", "Giáo viên", true},
    {"TL-YT", "Trạm Y tế xã Tân Lập", "Y sĩ", true},
    {"TL-CA", "Công an xã Tân Lập", "Cán bộ", false},
    {"TL-QS", "Ban Chỉ huy Quân sự xã Tân Lập", "Dân quân thường trực", true},
    {"TL-HTX", "Hợp tác xã Nông nghiệp Tân Lập", "Xã viên", true},
};
constexpr int kUnitCount = sizeof(kUnits) / sizeof(kUnits[0]);

// Sub-units that are collectives of their own, for Tập thể lao động tiên tiến.
constexpr const char* kTeams[] = {
    "Tổ Toán - Tin, Trường THCS Tân Lập", "Tổ Ngữ văn - Lịch sử, Trường THCS Tân Lập",
    "Tổ khối 1, Trường Tiểu học Tân Lập", "Đội Dịch vụ thủy lợi, Hợp tác xã Nông nghiệp Tân Lập"};

constexpr const char* kFamilies[] = {"Nguyễn", "Trần", "Lê",   "Phạm", "Hoàng", "Huỳnh", "Phan",
                                     "Vũ",     "Võ",   "Đặng", "Bùi",  "Đỗ",    "Hồ",    "Ngô"};
constexpr const char* kMenMiddles[] = {"Văn", "Hữu", "Đức", "Minh", "Quốc"};
constexpr const char* kWomenMiddles[] = {"Thị", "Ngọc", "Thu", "Thanh", "Kim"};
constexpr const char* kMenGivens[] = {"An",    "Bình", "Cường", "Dũng",  "Hải",  "Hùng",
                                      "Khánh", "Long", "Nam",   "Phúc",  "Quân", "Sơn",
                                      "Tuấn",  "Việt", "Đạt",   "Thắng", "Trung"};
constexpr const char* kWomenGivens[] = {"Giang", "Hà",    "Hạnh", "Hoa",    "Hương", "Lan",
                                        "Linh",  "Mai",   "Nga",  "Phương", "Tâm",   "Thảo",
                                        "Thủy",  "Trang", "Vân",  "Yến",    "Hiền"};

struct Person {
  std::string identity;  // CCCD
  std::string name;
  const Unit* unit;
};

template <typename T, size_t N>
const char* Pick(const T (&names)[N], int i) {
  return names[static_cast<size_t>(i) % N];
}

Person PersonAt(int i) {
  const bool woman = (i * 7) % 3 != 0;
  return {absl::StrFormat("0340%08d", 90001 + i * 37),
          absl::StrCat(Pick(kFamilies, i * 5 + i / 7), " ",
                       woman ? Pick(kWomenMiddles, i / 3) : Pick(kMenMiddles, i / 3), " ",
                       woman ? Pick(kWomenGivens, i * 11 + 3) : Pick(kMenGivens, i * 13 + 5)),
          &kUnits[i % kUnitCount]};
}

std::string DateText(const v1::Date& date) {
  return absl::StrFormat("%02d/%02d/%d", date.day(), date.month(), date.year());
}

// "1,4": Vietnamese writes a decimal comma.
std::string Seconds(absl::Duration duration) {
  std::string text = absl::StrFormat("%.1f", absl::ToDoubleSeconds(duration));
  std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

// ---- What is proposed.

struct Proposal {
  std::string id;
  v1::NominationDrafted draft;
  std::vector<v1::DocumentKind> documents;
  v1::Date received_on;
  // What the appraiser finds, when it fails (empty: it passes).
  std::string appraisal_failure;
};

std::vector<v1::DocumentKind> TitleDossier(bool initiative) {
  std::vector<v1::DocumentKind> documents = {v1::DOCUMENT_KIND_SUBMISSION_MEMO,
                                             v1::DOCUMENT_KIND_ACHIEVEMENT_REPORT,
                                             v1::DOCUMENT_KIND_REVIEW_MINUTES};
  if (initiative) documents.push_back(v1::DOCUMENT_KIND_INITIATIVE_CERTIFICATION);
  return documents;
}

absl::StatusOr<Proposal> Individual(const std::string& id, int person, v1::AwardKind kind,
                                    v1::Rating rating, bool initiative) {
  const Person p = PersonAt(person);
  Proposal proposal;
  proposal.id = id;
  v1::NominationDrafted& d = proposal.draft;
  d.set_nomination_id(id);
  d.set_authority_id(kDemoCommune);
  d.set_proposer_unit(p.unit->name);
  v1::Nominee& nominee = *d.mutable_nominee();
  nominee.set_subject_type(v1::SUBJECT_TYPE_INDIVIDUAL);
  AWARD_ASSIGN_OR_RETURN(*nominee.mutable_awardee_id(),
                         nominations::AwardeeId(v1::SUBJECT_TYPE_INDIVIDUAL, p.identity));
  nominee.set_full_name(p.name);
  nominee.set_organisation_unit(p.unit->name);
  nominee.set_position(p.unit->position);
  nominee.set_direct_worker(p.unit->direct_workers);
  d.set_kind(kind);
  d.mutable_period()->set_year(kYear);
  d.set_basis(v1::BASIS_MERIT);
  d.set_campaign_id(kCampaign);
  v1::YearRecord& year = *d.add_years();
  year.set_year(kYear);
  year.set_rating(rating);
  if (initiative) year.add_initiatives(v1::INITIATIVE_SCOPE_UNIT);
  d.set_achievement_summary(rating == v1::RATING_EXCELLENT ? "Hoàn thành xuất sắc nhiệm vụ năm 2025"
                                                           : "Hoàn thành tốt nhiệm vụ năm 2025");
  proposal.documents = TitleDossier(kind == v1::AWARD_KIND_CSTD_CO_SO);
  proposal.received_on = Day(kYear, 12, 10);
  return proposal;
}

absl::StatusOr<Proposal> Collective(const std::string& id, const std::string& code,
                                    const std::string& name, v1::AwardKind kind, int members,
                                    int advanced) {
  Proposal proposal;
  proposal.id = id;
  v1::NominationDrafted& d = proposal.draft;
  d.set_nomination_id(id);
  d.set_authority_id(kDemoCommune);
  d.set_proposer_unit(name);
  v1::Nominee& nominee = *d.mutable_nominee();
  nominee.set_subject_type(v1::SUBJECT_TYPE_COLLECTIVE);
  AWARD_ASSIGN_OR_RETURN(*nominee.mutable_awardee_id(),
                         nominations::AwardeeId(v1::SUBJECT_TYPE_COLLECTIVE, code));
  nominee.set_full_name(name);
  nominee.set_organisation_unit(name);
  d.set_kind(kind);
  d.mutable_period()->set_year(kYear);
  d.set_basis(v1::BASIS_MERIT);
  d.set_campaign_id(kCampaign);
  d.set_achievement_summary("Tập thể hoàn thành tốt nhiệm vụ năm 2025");
  v1::CollectiveFacts& facts = *d.mutable_collective();
  facts.set_unit_rating(v1::RATING_GOOD);
  facts.set_members(static_cast<uint32_t>(members));
  facts.set_members_completed(static_cast<uint32_t>(members));
  facts.set_advanced_workers(static_cast<uint32_t>(advanced));
  proposal.documents = TitleDossier(false);
  proposal.received_on = Day(kYear, 12, 10);
  return proposal;
}

// The year's proposals, in groups that end up on different decisions.
struct Year {
  std::vector<Proposal> ad_hoc;        // Giấy khen for the September floods
  std::vector<Proposal> fighters;      // Chiến sĩ thi đua cơ sở, by the council's ballot
  std::vector<Proposal> advanced;      // Lao động tiên tiến
  std::vector<Proposal> collectives;   // Tập thể lao động tiên tiến
  std::vector<Proposal> certificates;  // Giấy khen at the year's end
};

absl::StatusOr<Year> PlanYear() {
  Year year;
  // Lao động tiên tiến: 110 staff; every fourth rated excellent.
  for (int i = 0; i < 110; ++i) {
    AWARD_ASSIGN_OR_RETURN(
        Proposal p,
        Individual(absl::StrFormat("tl-2025-ldtt-%03d", i), i, v1::AWARD_KIND_LAO_DONG_TIEN_TIEN,
                   i % 4 == 0 ? v1::RATING_EXCELLENT : v1::RATING_GOOD, false));
    year.advanced.push_back(std::move(p));
  }
  // Chiến sĩ thi đua cơ sở: the excellent ones, four good ones with an
  // initiative (three of whose certifications the appraiser rejects), and
  // four good ones without any (R3 refuses them at submission).
  for (int i = 0; i < 110; i += 4) {
    AWARD_ASSIGN_OR_RETURN(Proposal p,
                           Individual(absl::StrFormat("tl-2025-cstd-%03d", i), i,
                                      v1::AWARD_KIND_CSTD_CO_SO, v1::RATING_EXCELLENT, false));
    year.fighters.push_back(std::move(p));
  }
  for (int i : {1, 5, 9, 13}) {
    AWARD_ASSIGN_OR_RETURN(Proposal p,
                           Individual(absl::StrFormat("tl-2025-cstd-%03d", i), i,
                                      v1::AWARD_KIND_CSTD_CO_SO, v1::RATING_GOOD, true));
    if (i != 1) {
      p.appraisal_failure = "R3: xác nhận sáng kiến chưa được Hội đồng sáng kiến cơ sở công nhận";
    }
    year.fighters.push_back(std::move(p));
  }
  for (int i : {2, 6, 10, 14}) {
    AWARD_ASSIGN_OR_RETURN(Proposal p,
                           Individual(absl::StrFormat("tl-2025-cstd-%03d", i), i,
                                      v1::AWARD_KIND_CSTD_CO_SO, v1::RATING_GOOD, false));
    year.fighters.push_back(std::move(p));
  }
  // Giấy khen for the September floods (thành tích đột xuất): ten people and
  // two units, decided in October.
  for (int i = 0; i < 12; ++i) {
    Proposal p;
    if (i < 10) {
      AWARD_ASSIGN_OR_RETURN(p, Individual(absl::StrFormat("tl-2025-gkdx-%03d", i), 110 + i,
                                           v1::AWARD_KIND_GIAY_KHEN, v1::RATING_GOOD, false));
    } else {
      const Unit& unit = kUnits[i == 10 ? 7 : 8];
      AWARD_ASSIGN_OR_RETURN(p, Collective(absl::StrFormat("tl-2025-gkdx-%03d", i), unit.code,
                                           unit.name, v1::AWARD_KIND_GIAY_KHEN, 0, 0));
      p.draft.clear_collective();
    }
    v1::NominationDrafted& d = p.draft;
    d.set_basis(v1::BASIS_AD_HOC);
    d.clear_years();
    d.mutable_period()->mutable_range()->mutable_from()->CopyFrom(Day(kYear, 9, 20));
    d.mutable_period()->mutable_range()->mutable_to()->CopyFrom(Day(kYear, 9, 30));
    d.add_achievement_ids(absl::StrFormat("tl-2025-lu-thang-9-%02d", i));
    d.set_achievement_summary("Thành tích đột xuất trong ứng phó lũ quét tháng 9 năm 2025");
    p.received_on = Day(kYear, 10, 6);
    year.ad_hoc.push_back(std::move(p));
  }
  // Tập thể lao động tiên tiến: the ten units and four teams; two of the
  // teams have exactly half their members advanced, which is not enough (R9).
  for (int i = 0; i < kUnitCount + 4; ++i) {
    const bool team = i >= kUnitCount;
    const std::string code = team ? absl::StrCat("TL-TO-", i - kUnitCount) : kUnits[i].code;
    const std::string name = team ? kTeams[i - kUnitCount] : kUnits[i].name;
    const int members = 12 + (i * 3) % 20;
    const int advanced = team && i % 2 == 0 ? members / 2 : members * 3 / 4;
    AWARD_ASSIGN_OR_RETURN(Proposal p, Collective(absl::StrFormat("tl-2025-tt-%03d", i), code, name,
                                                  v1::AWARD_KIND_TAP_THE_LD_TIEN_TIEN,
                                                  members - members % 2, advanced));
    year.collectives.push_back(std::move(p));
  }
  // Giấy khen at the year's end: twenty people, four units, two households.
  for (int i = 0; i < 26; ++i) {
    Proposal p;
    if (i < 20) {
      AWARD_ASSIGN_OR_RETURN(p, Individual(absl::StrFormat("tl-2025-gk-%03d", i), 120 + i,
                                           v1::AWARD_KIND_GIAY_KHEN, v1::RATING_GOOD, false));
    } else if (i < 24) {
      const Unit& unit = kUnits[3 + (i - 20)];
      AWARD_ASSIGN_OR_RETURN(p, Collective(absl::StrFormat("tl-2025-gk-%03d", i), unit.code,
                                           unit.name, v1::AWARD_KIND_GIAY_KHEN, 0, 0));
      p.draft.clear_collective();
    } else {
      const std::string head = i == 24 ? "Hoàng Văn Sáu" : "Đinh Thị Lựu";
      Proposal& h = p;
      h.id = absl::StrFormat("tl-2025-gk-%03d", i);
      v1::NominationDrafted& d = h.draft;
      d.set_nomination_id(h.id);
      d.set_authority_id(kDemoCommune);
      d.set_proposer_unit("Ban công tác Mặt trận thôn Đồng Chùa");
      d.mutable_nominee()->set_subject_type(v1::SUBJECT_TYPE_HOUSEHOLD);
      AWARD_ASSIGN_OR_RETURN(
          *d.mutable_nominee()->mutable_awardee_id(),
          nominations::AwardeeId(v1::SUBJECT_TYPE_HOUSEHOLD, absl::StrCat("SHK-TL-", 120 + i)));
      d.mutable_nominee()->set_full_name(absl::StrCat("Hộ gia đình ông (bà) ", head));
      d.set_kind(v1::AWARD_KIND_GIAY_KHEN);
      d.mutable_period()->set_year(kYear);
      d.set_basis(v1::BASIS_MERIT);
      d.set_campaign_id(kCampaign);
      h.documents = TitleDossier(false);
      h.received_on = Day(kYear, 12, 10);
    }
    p.draft.set_achievement_summary("Có thành tích trong phong trào thi đua năm 2025");
    year.certificates.push_back(std::move(p));
  }
  return year;
}

// ---- Steps.

struct Counts {
  absl::Mutex mu;
  int drafted ABSL_GUARDED_BY(mu) = 0;
  int appraised ABSL_GUARDED_BY(mu) = 0;
  std::map<std::string, int> refused ABSL_GUARDED_BY(mu);  // at submission, by rule
  int failed_appraisal ABSL_GUARDED_BY(mu) = 0;
};

std::string FirstRule(absl::string_view message) {
  for (size_t at = message.find('R'); at != absl::string_view::npos;
       at = message.find('R', at + 1)) {
    size_t end = at + 1;
    while (end < message.size() && absl::ascii_isdigit(message[end])) ++end;
    if (end > at + 1 && end < message.size() && message[end] == ':') {
      return std::string(message.substr(at, end - at));
    }
  }
  return "?";
}

// Drafted, its dossier attached, submitted, appraised. A submission the rules
// refuse is withdrawn; an appraisal can fail on what the appraiser finds.
// Returns whether the nomination passed its appraisal.
absl::StatusOr<bool> Propose(const Clerk& clerk, const Proposal& p, Counts& counts) {
  v1::DraftNominationRequest draft;
  *draft.mutable_draft() = p.draft;
  AWARD_RETURN_IF_ERROR(clerk
                            .Command<v1::DraftNominationResponse>(
                                "award.v1.Nominations.DraftNomination", draft, "draft-" + p.id)
                            .status());
  for (v1::DocumentKind kind : p.documents) {
    v1::AttachDocumentRequest attach;
    attach.set_nomination_id(p.id);
    v1::DossierDocument& document = *attach.mutable_document();
    document.set_kind(kind);
    document.set_title(
        absl::StrCat(kind == v1::DOCUMENT_KIND_SUBMISSION_MEMO ? "Tờ trình đề nghị khen thưởng"
                     : kind == v1::DOCUMENT_KIND_ACHIEVEMENT_REPORT ? "Báo cáo thành tích"
                     : kind == v1::DOCUMENT_KIND_REVIEW_MINUTES ? "Biên bản họp xét thi đua"
                                                                : "Giấy xác nhận sáng kiến",
                     " - ", p.draft.nominee().full_name()));
    const std::string content = absl::StrCat(p.id, "/", v1::DocumentKind_Name(kind));
    document.set_sha256(std::string(eventstore::HashBytes(eventstore::Sha256({content}))));
    document.set_size_bytes(180000 + content.size() * 1000);
    document.set_media_type("application/pdf");
    document.set_location(absl::StrCat("vbdt://xa-tan-lap/2025/", p.id, "/", kind, ".pdf"));
    AWARD_RETURN_IF_ERROR(
        clerk
            .Command<v1::AttachDocumentResponse>("award.v1.Nominations.AttachDocument", attach,
                                                 absl::StrCat("attach-", p.id, "-", kind))
            .status());
  }
  {
    absl::MutexLock lock(&counts.mu);
    ++counts.drafted;
  }
  v1::SubmitNominationRequest submit;
  submit.set_nomination_id(p.id);
  *submit.mutable_received_on() = p.received_on;
  absl::StatusOr<v1::SubmitNominationResponse> submitted =
      clerk.Command<v1::SubmitNominationResponse>("award.v1.Nominations.SubmitNomination", submit,
                                                  "submit-" + p.id);
  if (absl::IsFailedPrecondition(submitted.status())) {
    {
      absl::MutexLock lock(&counts.mu);
      ++counts.refused[FirstRule(submitted.status().message())];
    }
    v1::WithdrawNominationRequest withdraw;
    withdraw.set_nomination_id(p.id);
    withdraw.set_reason("Không đủ tiêu chuẩn khi nộp hồ sơ; đơn vị rút đề nghị");
    AWARD_RETURN_IF_ERROR(
        clerk
            .Command<v1::WithdrawNominationResponse>("award.v1.Nominations.WithdrawNomination",
                                                     withdraw, "withdraw-" + p.id)
            .status());
    return false;
  }
  AWARD_RETURN_IF_ERROR(submitted.status());
  v1::AppraiseNominationRequest appraise;
  appraise.set_nomination_id(p.id);
  appraise.set_pass(p.appraisal_failure.empty());
  appraise.set_note(p.appraisal_failure.empty() ? "Hồ sơ đầy đủ, đủ tiêu chuẩn"
                                                : p.appraisal_failure);
  AWARD_RETURN_IF_ERROR(
      clerk
          .Command<v1::AppraiseNominationResponse>("award.v1.Nominations.AppraiseNomination",
                                                   appraise, "appraise-" + p.id)
          .status());
  absl::MutexLock lock(&counts.mu);
  (p.appraisal_failure.empty() ? counts.appraised : counts.failed_appraisal)++;
  return p.appraisal_failure.empty();
}

// Proposes every one of `proposals` on a few threads; returns the ids of
// those that passed their appraisal, in order.
absl::StatusOr<std::vector<std::string>> ProposeAll(const Clerk& clerk,
                                                    const std::vector<Proposal>& proposals,
                                                    Counts& counts) {
  std::vector<char> passed(proposals.size(), 0);
  AWARD_RETURN_IF_ERROR(ParallelFor(static_cast<int>(proposals.size()), 8, [&](int i) {
    absl::StatusOr<bool> ok = Propose(clerk, proposals[i], counts);
    if (!ok.ok()) return ok.status();
    passed[i] = *ok;
    return absl::OkStatus();
  }));
  std::vector<std::string> ids;
  for (size_t i = 0; i < proposals.size(); ++i) {
    if (passed[i]) ids.push_back(proposals[i].id);
  }
  return ids;
}

v1::AuthorityRegistered Authority(const std::string& id, const std::string& name,
                                  v1::AuthorityLevel level, const std::string& parent,
                                  const v1::Date& established) {
  v1::AuthorityRegistered authority;
  authority.set_authority_id(id);
  authority.set_name(name);
  authority.set_level(level);
  authority.set_parent_id(parent);
  authority.set_decision_symbol("QĐ-UBND");
  *authority.mutable_established_on() = established;
  return authority;
}

absl::Status RegisterAuthorities(const Clerk& clerk, std::ostream& out) {
  const std::vector<v1::AuthorityRegistered> authorities = {
      Authority(kProvince, "Ủy ban nhân dân tỉnh Lâm Sơn", v1::AUTHORITY_LEVEL_PROVINCE, "",
                Day(1997, 1, 1)),
      Authority(kDistrict, "Ủy ban nhân dân huyện Tân Phong", v1::AUTHORITY_LEVEL_DISTRICT,
                kProvince, Day(1997, 1, 1)),
      Authority(kDemoCommune, "Ủy ban nhân dân xã Tân Lập", v1::AUTHORITY_LEVEL_COMMUNE, kProvince,
                Day(2025, 7, 1)),
      Authority("ubnd-xa-phu-thinh", "Ủy ban nhân dân xã Phú Thịnh", v1::AUTHORITY_LEVEL_COMMUNE,
                kProvince, Day(2025, 7, 1)),
      Authority("ubnd-xa-dong-tam", "Ủy ban nhân dân xã Đồng Tâm", v1::AUTHORITY_LEVEL_COMMUNE,
                kProvince, Day(2025, 7, 1)),
  };
  for (const v1::AuthorityRegistered& authority : authorities) {
    v1::RegisterAuthorityRequest request;
    *request.mutable_authority() = authority;
    AWARD_RETURN_IF_ERROR(
        clerk
            .Command<v1::RegisterAuthorityResponse>("award.v1.Nominations.RegisterAuthority",
                                                    request, "register-" + authority.authority_id())
            .status());
  }
  v1::DissolveAuthorityRequest dissolve;
  dissolve.set_authority_id(kDistrict);
  *dissolve.mutable_dissolved()->mutable_effective_on() = Day(2025, 7, 1);
  dissolve.mutable_dissolved()->set_legal_basis(
      "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã của tỉnh "
      "Lâm Sơn năm 2025");
  AWARD_RETURN_IF_ERROR(
      clerk
          .Command<v1::DissolveAuthorityResponse>("award.v1.Nominations.DissolveAuthority",
                                                  dissolve, "dissolve-" + std::string(kDistrict))
          .status());
  out << "Cơ quan: tỉnh Lâm Sơn, xã Tân Lập, xã Phú Thịnh, xã Đồng Tâm; huyện Tân Phong giải "
         "thể từ 01/07/2025\n";
  return absl::OkStatus();
}

struct Member {
  const char* id;
  const char* name;
  const char* position;
  v1::CouncilRole role;
};

constexpr Member kCouncil[] = {
    {"tl-01", "Nguyễn Văn Quang", "Chủ tịch UBND xã", v1::COUNCIL_ROLE_CHAIR},
    {"tl-02", "Trần Thị Mai", "Phó Chủ tịch UBND xã", v1::COUNCIL_ROLE_STANDING_VICE_CHAIR},
    {"tl-03", "Lê Văn Thành", "Phó Chủ tịch UBND xã", v1::COUNCIL_ROLE_VICE_CHAIR},
    {"tl-04", "Phạm Thị Hồng", "Chủ tịch Ủy ban MTTQ Việt Nam xã", v1::COUNCIL_ROLE_VICE_CHAIR},
    {"tl-05", "Hoàng Văn Nam", "Trưởng Phòng Văn hóa - Xã hội", v1::COUNCIL_ROLE_MEMBER},
    {"tl-06", "Vũ Thị Lan", "Trưởng Phòng Kinh tế", v1::COUNCIL_ROLE_MEMBER},
    {"tl-07", "Đặng Minh Tuấn", "Chánh Văn phòng HĐND và UBND xã", v1::COUNCIL_ROLE_MEMBER},
    {"tl-08", "Bùi Văn Long", "Trưởng Công an xã", v1::COUNCIL_ROLE_MEMBER},
    {"tl-09", "Đỗ Văn Sơn", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã", v1::COUNCIL_ROLE_MEMBER},
    {"tl-10", "Ngô Thị Hạnh", "Chủ tịch Hội Liên hiệp Phụ nữ xã", v1::COUNCIL_ROLE_MEMBER},
    {"tl-11", "Phan Thanh Việt", "Bí thư Đoàn Thanh niên xã", v1::COUNCIL_ROLE_MEMBER},
    {"tl-12", "Hồ Văn Phúc", "Chủ tịch Hội Nông dân xã", v1::COUNCIL_ROLE_MEMBER},
    {"tl-13", "Võ Văn Dũng", "Chủ tịch Hội Cựu chiến binh xã", v1::COUNCIL_ROLE_MEMBER},
    {"tl-14", "Huỳnh Thị Thu", "Chủ tịch Công đoàn cơ sở xã", v1::COUNCIL_ROLE_MEMBER},
};
constexpr int kCouncilSize = sizeof(kCouncil) / sizeof(kCouncil[0]);
constexpr int kPresent = 12;  // tl-13 and tl-14 are away on the day

absl::Status ConstituteCouncilAndCampaign(const Clerk& clerk, std::ostream& out) {
  v1::ConstituteCouncilRequest constitute;
  v1::CouncilConstituted& council = *constitute.mutable_council();
  council.set_authority_id(kDemoCommune);
  council.set_name("Hội đồng Thi đua - Khen thưởng xã Tân Lập");
  *council.mutable_effective_on() = Day(2025, 7, 15);
  council.set_legal_basis("Quyết định số 15/QĐ-UBND ngày 15/7/2025 của Chủ tịch UBND xã Tân Lập");
  for (const Member& m : kCouncil) {
    v1::CouncilMember& member = *council.add_members();
    member.set_member_id(m.id);
    member.set_full_name(m.name);
    member.set_position(m.position);
    member.set_role(m.role);
  }
  AWARD_RETURN_IF_ERROR(
      clerk
          .Command<v1::ConstituteCouncilResponse>("award.v1.Council.ConstituteCouncil", constitute,
                                                  "constitute-" + std::string(kDemoCommune))
          .status());
  v1::LaunchCampaignRequest launch;
  v1::CampaignLaunched& campaign = *launch.mutable_campaign();
  campaign.set_campaign_id(kCampaign);
  campaign.set_authority_id(kDemoCommune);
  campaign.set_name("Phong trào thi đua yêu nước năm 2025 xã Tân Lập");
  campaign.set_type(v1::CAMPAIGN_TYPE_REGULAR);
  *campaign.mutable_starts_on() = Day(2025, 7, 15);
  *campaign.mutable_ends_on() = Day(2025, 12, 31);
  for (v1::AwardKind kind : {v1::AWARD_KIND_LAO_DONG_TIEN_TIEN, v1::AWARD_KIND_CSTD_CO_SO,
                             v1::AWARD_KIND_TAP_THE_LD_TIEN_TIEN, v1::AWARD_KIND_GIAY_KHEN}) {
    campaign.add_eligible_kinds(kind);
  }
  AWARD_RETURN_IF_ERROR(
      clerk
          .Command<v1::LaunchCampaignResponse>("award.v1.Nominations.LaunchCampaign", launch,
                                               std::string("launch-") + kCampaign)
          .status());
  out << "Hội đồng Thi đua - Khen thưởng xã Tân Lập: " << kCouncilSize
      << " thành viên (1 Chủ tịch, 3 Phó Chủ tịch, 10 Ủy viên); phong trào thi đua năm 2025\n";
  return absl::OkStatus();
}

// The member's choice on the item: most agree; on two items a third of those
// present disagree, which leaves them short of the 70 % the commune requires.
v1::BallotChoice ChoiceOf(int member, int item) {
  if ((item == 7 || item == 19) && member % 3 == 0) return v1::BALLOT_CHOICE_DISAGREE;
  if ((member + item) % 11 == 0) return v1::BALLOT_CHOICE_ABSTAIN;
  return v1::BALLOT_CHOICE_AGREE;
}

// Scheduled, convened with a quorum, secret ballots cast by every member
// present at once, tallied, minutes signed. Returns the recommended ids.
absl::StatusOr<std::vector<std::string>> HoldMeeting(const Clerk& clerk,
                                                     const std::vector<std::string>& items,
                                                     std::ostream& out) {
  v1::ScheduleMeetingRequest schedule;
  schedule.set_meeting_id(kMeeting);
  schedule.set_authority_id(kDemoCommune);
  *schedule.mutable_meeting_date() = Day(2025, 12, 22);
  schedule.set_place("Hội trường UBND xã Tân Lập");
  for (const std::string& id : items) schedule.add_items()->set_nomination_id(id);
  AWARD_RETURN_IF_ERROR(
      clerk
          .Command<v1::ScheduleMeetingResponse>("award.v1.Council.ScheduleMeeting", schedule,
                                                std::string("schedule-") + kMeeting)
          .status());
  v1::ConveneMeetingRequest convene;
  convene.set_meeting_id(kMeeting);
  for (int m = 0; m < kPresent; ++m) convene.add_present_member_ids(kCouncil[m].id);
  convene.set_presiding_member_id(kCouncil[0].id);
  convene.set_secretary_id(kCouncil[6].id);
  AWARD_ASSIGN_OR_RETURN(
      v1::ConveneMeetingResponse convened,
      clerk.Command<v1::ConveneMeetingResponse>("award.v1.Council.ConveneMeeting", convene,
                                                std::string("convene-") + kMeeting));
  if (!convened.quorate()) return absl::InternalError("the demo meeting lacked a quorum");
  v1::OpenVotingRequest open;
  open.set_meeting_id(kMeeting);
  AWARD_RETURN_IF_ERROR(clerk
                            .Command<v1::OpenVotingResponse>("award.v1.Council.OpenVoting", open,
                                                             std::string("open-") + kMeeting)
                            .status());
  const absl::Time voting = absl::Now();
  AWARD_RETURN_IF_ERROR(ParallelFor(kPresent, kPresent, [&](int member) {
    for (size_t item = 0; item < items.size(); ++item) {
      v1::CastBallotRequest ballot;
      ballot.set_meeting_id(kMeeting);
      ballot.set_nomination_id(items[item]);
      ballot.set_member_id(kCouncil[member].id);
      ballot.set_choice(ChoiceOf(member, static_cast<int>(item)));
      AWARD_RETURN_IF_ERROR(
          clerk
              .Command<v1::CastBallotResponse>(
                  "award.v1.Council.CastBallot", ballot,
                  absl::StrCat("ballot-", kMeeting, "-", items[item], "-", kCouncil[member].id))
              .status());
    }
    return absl::OkStatus();
  }));
  const absl::Duration ballots_took = absl::Now() - voting;
  v1::CloseVotingRequest close;
  close.set_meeting_id(kMeeting);
  AWARD_ASSIGN_OR_RETURN(v1::CloseVotingResponse closed, clerk.Command<v1::CloseVotingResponse>(
                                                             "award.v1.Council.CloseVoting", close,
                                                             std::string("close-") + kMeeting));
  v1::GetMinutesRequest minutes_request;
  minutes_request.set_meeting_id(kMeeting);
  AWARD_ASSIGN_OR_RETURN(
      v1::GetMinutesResponse minutes,
      clerk.Read<v1::GetMinutesResponse>("award.v1.Council.GetMinutes", minutes_request));
  for (const auto& [signer, signatory] :
       {std::pair{kCouncil[0].id, v1::MINUTES_SIGNATORY_PRESIDING},
        std::pair{kCouncil[6].id, v1::MINUTES_SIGNATORY_SECRETARY}}) {
    v1::SignMinutesRequest sign;
    sign.set_meeting_id(kMeeting);
    sign.set_signer_id(signer);
    sign.set_signatory(signatory);
    sign.set_minutes_sha256(minutes.sha256());
    AWARD_RETURN_IF_ERROR(
        clerk
            .Command<v1::SignMinutesResponse>("award.v1.Council.SignMinutes", sign,
                                              absl::StrCat("sign-", kMeeting, "-", signer))
            .status());
  }
  std::vector<std::string> recommended;
  for (const v1::ItemTally& tally : closed.tallies()) {
    if (tally.result() == v1::COUNCIL_RESULT_RECOMMENDED) {
      recommended.push_back(tally.nomination_id());
    }
  }
  out << absl::StrFormat(
      "Phiên họp Hội đồng 22/12/2025: %d/%d thành viên có mặt (tối thiểu 2/3), %d phiếu kín "
      "trong %s giây; %d đề nghị khen thưởng, %d không đề nghị (dưới 70 %% tổng số thành "
      "viên); biên bản đã ký\n",
      convened.present_voting_members(), convened.voting_members(),
      kPresent * static_cast<int>(items.size()), Seconds(ballots_took), recommended.size(),
      closed.tallies_size() - static_cast<int>(recommended.size()));
  return recommended;
}

struct IssuedDecision {
  std::string number_text;
  int64_t total_vnd = 0;
};

absl::StatusOr<IssuedDecision> Decide(const Clerk& clerk, const std::string& decision_id,
                                      const std::string& subject,
                                      const std::vector<std::string>& nominations,
                                      const v1::Date& on) {
  v1::DraftDecisionRequest draft;
  draft.set_decision_id(decision_id);
  draft.set_authority_id(kDemoCommune);
  v1::Signer& signer = *draft.mutable_signer();
  signer.set_person_id(kCouncil[0].id);
  signer.set_full_name(kCouncil[0].name);
  signer.set_title("Chủ tịch Ủy ban nhân dân xã");
  signer.set_capacity(v1::SIGNER_CAPACITY_HEAD);
  *draft.mutable_decision_date() = on;
  draft.set_subject(subject);
  for (const std::string& id : nominations) draft.add_nomination_ids(id);
  AWARD_ASSIGN_OR_RETURN(v1::DraftDecisionResponse drafted,
                         clerk.Command<v1::DraftDecisionResponse>(
                             "award.v1.Decisions.DraftDecision", draft, "draft-" + decision_id));
  v1::IssueDecisionRequest issue;
  issue.set_decision_id(decision_id);
  *issue.mutable_numbered_on() = on;
  AWARD_ASSIGN_OR_RETURN(v1::IssueDecisionResponse issued,
                         clerk.Command<v1::IssueDecisionResponse>(
                             "award.v1.Decisions.IssueDecision", issue, "issue-" + decision_id));
  return IssuedDecision{issued.number_text(), drafted.drafted().total_vnd()};
}

}  // namespace

absl::Status SeedDemoYear(const PlatformClient& client, const std::string& actor,
                          std::ostream& out) {
  const absl::Time start = absl::Now();
  const Clerk clerk(client, actor);
  out << "Dữ liệu minh họa: một năm thi đua, khen thưởng của xã Tân Lập, tỉnh Lâm Sơn\n";
  AWARD_RETURN_IF_ERROR(RegisterAuthorities(clerk, out));
  AWARD_RETURN_IF_ERROR(ConstituteCouncilAndCampaign(clerk, out));
  AWARD_ASSIGN_OR_RETURN(Year year, PlanYear());
  Counts counts;

  // October: the floods' Giấy khen, decided at once.
  AWARD_ASSIGN_OR_RETURN(std::vector<std::string> ad_hoc, ProposeAll(clerk, year.ad_hoc, counts));
  std::vector<std::pair<std::string, IssuedDecision>> decisions;
  AWARD_ASSIGN_OR_RETURN(
      IssuedDecision flood,
      Decide(clerk, "tl-qd-2025-gk-lu-quet",
             "Về việc tặng Giấy khen cho các cá nhân, tập thể có thành tích đột xuất trong ứng phó "
             "lũ quét tháng 9 năm 2025",
             ad_hoc, Day(kYear, 10, 10)));
  decisions.emplace_back("Giấy khen (thành tích đột xuất)", flood);

  // December: the year-end proposals.
  AWARD_ASSIGN_OR_RETURN(std::vector<std::string> fighters,
                         ProposeAll(clerk, year.fighters, counts));
  AWARD_ASSIGN_OR_RETURN(std::vector<std::string> advanced,
                         ProposeAll(clerk, year.advanced, counts));
  AWARD_ASSIGN_OR_RETURN(std::vector<std::string> collectives,
                         ProposeAll(clerk, year.collectives, counts));
  AWARD_ASSIGN_OR_RETURN(std::vector<std::string> certificates,
                         ProposeAll(clerk, year.certificates, counts));
  {
    absl::MutexLock lock(&counts.mu);
    std::vector<std::string> refused;
    int refused_total = 0;
    for (const auto& [rule, count] : counts.refused) {
      refused.push_back(absl::StrCat(rule, " x", count));
      refused_total += count;
    }
    out << absl::StrFormat(
        "Đề nghị: %d hồ sơ lập và đính kèm tài liệu; %d bị từ chối khi nộp (%s) và được rút; "
        "%d đạt thẩm định, %d không đạt (R3: sáng kiến chưa được công nhận)\n",
        counts.drafted, refused_total, absl::StrJoin(refused, ", "), counts.appraised,
        counts.failed_appraisal);
  }

  AWARD_ASSIGN_OR_RETURN(std::vector<std::string> recommended, HoldMeeting(clerk, fighters, out));
  // Titles of one period on one decision: of a person's two, only the higher
  // is paid (R18).
  std::vector<std::string> titles = recommended;
  titles.insert(titles.end(), advanced.begin(), advanced.end());
  const v1::Date year_end = Day(kYear, 12, 26);
  for (const auto& [label, id, subject, list] : {
           std::tuple{"Chiến sĩ thi đua cơ sở, Lao động tiên tiến", "tl-qd-2025-danh-hieu",
                      "Về việc công nhận danh hiệu Chiến sĩ thi đua cơ sở và Lao động tiên tiến "
                      "năm 2025",
                      &titles},
           std::tuple{"Tập thể lao động tiên tiến", "tl-qd-2025-ttldtt",
                      "Về việc công nhận danh hiệu Tập thể lao động tiên tiến năm 2025",
                      &collectives},
           std::tuple{"Giấy khen", "tl-qd-2025-gk",
                      "Về việc tặng Giấy khen cho các cá nhân, tập thể, hộ gia đình có thành tích "
                      "trong phong trào thi đua năm 2025",
                      &certificates},
       }) {
    AWARD_ASSIGN_OR_RETURN(IssuedDecision issued, Decide(clerk, id, subject, *list, year_end));
    decisions.emplace_back(label, issued);
  }
  for (const auto& [label, issued] : decisions) {
    out << "Quyết định số " << issued.number_text << ": " << label << ", tiền thưởng "
        << FormatVnd(issued.total_vnd) << "\n";
  }

  // March 2026: an inspection finds a forged achievement report.
  v1::RevokeDecisionRequest revoke;
  revoke.set_decision_id("tl-qd-2025-danh-hieu");
  revoke.set_authority_id(kDemoCommune);
  revoke.add_nomination_ids("tl-2025-ldtt-003");
  revoke.set_ground(v1::REVOCATION_GROUND_FALSE_DOCS);
  v1::DossierDocument& conclusion = *revoke.mutable_establishing_document();
  conclusion.set_kind(v1::DOCUMENT_KIND_OTHER);
  conclusion.set_title("Kết luận thanh tra số 05/KL-TTr ngày 10/3/2026");
  conclusion.set_sha256(std::string(eventstore::HashBytes(eventstore::Sha256({"kl-05-2026"}))));
  *revoke.mutable_revoked_on() = Day(2026, 3, 16);
  revoke.set_reason("Báo cáo thành tích kê khai số liệu không đúng thực tế");
  AWARD_ASSIGN_OR_RETURN(v1::RevokeDecisionResponse revoked,
                         clerk.Command<v1::RevokeDecisionResponse>(
                             "award.v1.Decisions.RevokeDecision", revoke, "revoke-ldtt-003"));
  out << "Hủy bỏ 16/03/2026: danh hiệu Lao động tiên tiến của " << PersonAt(3).name
      << " (giấy tờ không đúng sự thật), thu hồi " << FormatVnd(revoked.recovery_total_vnd())
      << " trước " << DateText(revoked.recovery_due_on()) << "\n";

  v1::GetStatisticsRequest statistics;
  statistics.set_authority_id(kDemoCommune);
  statistics.set_from_year(kYear);
  statistics.set_to_year(kYear + 1);
  statistics.set_min_position(revoked.outcome().recorded().position());
  AWARD_ASSIGN_OR_RETURN(
      v1::GetStatisticsResponse table,
      clerk.Read<v1::GetStatisticsResponse>("award.v1.Query.GetStatistics", statistics));
  out << "\nThống kê khen thưởng xã Tân Lập\n" << RenderText(table);
  out << "\nXong trong " << Seconds(absl::Now() - start) << " giây.\n";
  return absl::OkStatus();
}

}  // namespace award::ctl
