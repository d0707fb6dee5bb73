#include "services/nominations/domain/cluster.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/event_appliers.h"
#include "services/common/proto_events.h"
#include "services/common/public_record.h"
#include "services/common/rule_book.h"
#include "services/nominations/domain/awardee_id.h"

namespace award::nominations {
namespace {

using eventstore::InvalidField;
using eventstore::RecordedEvent;

const EventAppliers<EmulationCluster>& ClusterAppliers() {
  static const auto* const appliers =
      &(new EventAppliers<EmulationCluster>("cluster"))
           ->On<v1::ClusterConstituted>([](EmulationCluster& cluster,
                                           v1::ClusterConstituted&& constituted,
                                           const RecordedEvent&) {
             cluster.constituted = std::move(constituted);
             return absl::OkStatus();
           })
           .On<v1::ClusterPledgeSigned>([](EmulationCluster& cluster,
                                           v1::ClusterPledgeSigned&& pledge, const RecordedEvent&) {
             cluster.pledge = std::move(pledge);
             return absl::OkStatus();
           })
           .On<v1::ClusterScoresRecorded>([](EmulationCluster& cluster,
                                             v1::ClusterScoresRecorded&& scores,
                                             const RecordedEvent&) {
             cluster.scores = std::move(scores);
             return absl::OkStatus();
           })
           .On<v1::ClusterLeadersProposed>([](EmulationCluster& cluster,
                                              v1::ClusterLeadersProposed&& proposed,
                                              const RecordedEvent&) {
             cluster.proposed = std::move(proposed);
             return absl::OkStatus();
           });
  return *appliers;
}

const EventAppliers<ClusterYear>& YearAppliers() {
  static const auto* const appliers =
      &(new EventAppliers<ClusterYear>("cluster year"))
           ->On<v1::ClusterListed>(
               [](ClusterYear& year, const v1::ClusterListed& listed, const RecordedEvent&) {
                 year.cluster_ids.push_back(listed.cluster_id());
                 return absl::OkStatus();
               })
           .On<v1::ClusterLeadersTallied>(
               [](ClusterYear& year, v1::ClusterLeadersTallied&& tally, const RecordedEvent&) {
                 const std::string id = tally.cluster_id();
                 year.tallies[id] = std::move(tally);
                 return absl::OkStatus();
               });
  return *appliers;
}

absl::Status MustExist(const EmulationCluster& cluster) {
  if (!cluster.exists()) return absl::NotFoundError("no such cluster");
  return absl::OkStatus();
}

bool IsMember(const v1::ClusterConstituted& cluster, absl::string_view unit_id) {
  return std::any_of(cluster.members().begin(), cluster.members().end(),
                     [&](const v1::ClusterMember& member) { return member.unit_id() == unit_id; });
}

bool IsFlag(v1::AwardKind kind) {
  return kind == v1::AWARD_KIND_CO_THI_DUA_TINH || kind == v1::AWARD_KIND_CO_THI_DUA_CHINH_PHU;
}

}  // namespace

uint32_t ClusterYear::LeadersMeetingFlagStandard() const {
  uint32_t leaders = 0;
  for (const auto& [id, tally] : tallies) leaders += tally.leaders_meeting_flag_standard();
  return leaders;
}

uint32_t ClusterYear::GovernmentFlagProposals() const {
  uint32_t proposals = 0;
  for (const auto& [id, tally] : tallies) proposals += tally.government_flag_proposals();
  return proposals;
}

absl::Status ClusterAggregate::Evolve(EmulationCluster& cluster, const RecordedEvent& event) {
  return ClusterAppliers().Apply(cluster, event);
}

absl::Status ClusterYearAggregate::Evolve(ClusterYear& year, const RecordedEvent& event) {
  return YearAppliers().Apply(year, event);
}

std::string ClusterStream(absl::string_view cluster_id) {
  return absl::StrCat("cluster-", cluster_id);
}

std::string ClusterYearStream(absl::string_view authority_id, int year) {
  return absl::StrCat("cluster-year-", authority_id, "-", year);
}

bool WithinGovernmentFlagQuota(uint32_t proposals, uint32_t leaders) {
  return uint64_t{proposals} * 5 <= uint64_t{leaders};
}

std::vector<v1::ClusterScore> RankScores(const std::vector<v1::UnitScore>& scores) {
  std::vector<v1::ClusterScore> ranking;
  for (const v1::UnitScore& score : scores) {
    v1::ClusterScore& ranked = ranking.emplace_back();
    ranked.set_unit_id(score.unit_id());
    ranked.set_score_tenths(score.score_tenths());
  }
  std::sort(ranking.begin(), ranking.end(),
            [](const v1::ClusterScore& a, const v1::ClusterScore& b) {
              if (a.score_tenths() != b.score_tenths()) return a.score_tenths() > b.score_tenths();
              return a.unit_id() < b.unit_id();
            });
  for (size_t i = 0; i < ranking.size(); ++i) {
    const bool tied = i > 0 && ranking[i].score_tenths() == ranking[i - 1].score_tenths();
    ranking[i].set_rank(tied ? ranking[i - 1].rank() : static_cast<uint32_t>(i + 1));
  }
  return ranking;
}

absl::StatusOr<Effects> DecideConstitute(const EmulationCluster& cluster,
                                         const v1::ClusterConstituted& constituted,
                                         const Authority& organiser, int64_t year_version) {
  if (cluster.exists()) {
    return absl::AlreadyExistsError(
        absl::StrCat("cluster ", constituted.cluster_id(), " is constituted"));
  }
  if (constituted.cluster_id().empty()) return InvalidField("cluster.cluster_id", "missing");
  if (constituted.authority_id().empty()) return InvalidField("cluster.authority_id", "missing");
  if (!organiser.exists) {
    return absl::FailedPreconditionError(
        absl::StrCat("authority '", constituted.authority_id(), "' is not registered"));
  }
  if (constituted.year() < 1945 || constituted.year() > 9999) {
    return InvalidField("cluster.year", "a year from 1945");
  }
  if (constituted.grouping() == v1::CLUSTER_GROUPING_UNSPECIFIED) {
    return InvalidField("cluster.grouping", "TERRITORY (cụm) or SECTOR (khối)");
  }
  if (constituted.name().empty()) return InvalidField("cluster.name", "missing");
  if (constituted.members_size() < 2) {
    return InvalidField("cluster.members", "a cluster groups at least two units");
  }
  std::set<std::string> units;
  for (int i = 0; i < constituted.members_size(); ++i) {
    const v1::ClusterMember& member = constituted.members(i);
    const std::string field = absl::StrCat("cluster.members[", i, "]");
    if (member.unit_id().empty()) return InvalidField(field + ".unit_id", "missing");
    if (member.name().empty()) return InvalidField(field + ".name", "missing");
    if (!units.insert(member.unit_id()).second) {
      return InvalidField(field + ".unit_id", absl::StrCat(member.unit_id(), " twice"));
    }
  }
  if (!units.contains(constituted.head_unit_id())) {
    return InvalidField("cluster.head_unit_id", "the head is one of the members");
  }
  if (!units.contains(constituted.deputy_unit_id())) {
    return InvalidField("cluster.deputy_unit_id", "the deputy head is one of the members");
  }
  if (constituted.deputy_unit_id() == constituted.head_unit_id()) {
    return InvalidField("cluster.deputy_unit_id", "not the head itself");
  }
  AWARD_ASSIGN_OR_RETURN(const absl::CivilDay day,
                         CivilDayOf(constituted.constituted_on(), "cluster.constituted_on"));
  if (day.year() != constituted.year() && day.year() != constituted.year() - 1) {
    return InvalidField("cluster.constituted_on",
                        absl::StrCat("a cluster of ", constituted.year(),
                                     " is constituted in that year or the December before"));
  }
  Effects effects;
  effects.events.push_back(ToNewEvent(constituted));
  v1::ClusterListed listed;
  listed.set_cluster_id(constituted.cluster_id());
  AddToStream(effects, ClusterYearStream(constituted.authority_id(), constituted.year()),
              year_version, listed);
  return effects;
}

absl::StatusOr<std::vector<NewEvent>> DecideSignPledge(const EmulationCluster& cluster,
                                                       const v1::ClusterPledgeSigned& pledge) {
  AWARD_RETURN_IF_ERROR(MustExist(cluster));
  if (cluster.pledge.has_value()) {
    return absl::FailedPreconditionError("the cluster's pledge is signed already");
  }
  AWARD_ASSIGN_OR_RETURN(const absl::CivilDay day,
                         CivilDayOf(pledge.signed_on(), "pledge.signed_on"));
  if (day < ToCivilDay(cluster.constituted->constituted_on())) {
    return InvalidField("pledge.signed_on", "before the cluster was constituted");
  }
  if (day.year() > cluster.constituted->year()) {
    return InvalidField("pledge.signed_on", "a pledge is signed at the start of its year");
  }
  if (pledge.title().empty()) return InvalidField("pledge.title", "missing");
  if (pledge.document_sha256().size() != 32) {
    return InvalidField("pledge.document_sha256", "the SHA-256 of the signed pledge: 32 bytes");
  }
  return std::vector<NewEvent>{ToNewEvent(pledge)};
}

absl::StatusOr<std::vector<NewEvent>> DecideRecordScores(const EmulationCluster& cluster,
                                                         const v1::Date& scored_on,
                                                         const std::vector<v1::UnitScore>& scores) {
  AWARD_RETURN_IF_ERROR(MustExist(cluster));
  if (!cluster.pledge.has_value()) {
    return absl::FailedPreconditionError(
        "the members are scored against their pledge: sign the pledge first");
  }
  if (cluster.scores.has_value()) {
    return absl::FailedPreconditionError("the cluster's year is scored already");
  }
  AWARD_ASSIGN_OR_RETURN(const absl::CivilDay day, CivilDayOf(scored_on, "scored_on"));
  if (day < ToCivilDay(cluster.pledge->signed_on())) {
    return InvalidField("scored_on", "before the pledge was signed");
  }
  const v1::ClusterConstituted& constituted = *cluster.constituted;
  std::set<std::string> scored;
  for (size_t i = 0; i < scores.size(); ++i) {
    const std::string field = absl::StrCat("scores[", i, "]");
    if (!IsMember(constituted, scores[i].unit_id())) {
      return InvalidField(field + ".unit_id",
                          absl::StrCat(scores[i].unit_id(), " is no member of the cluster"));
    }
    if (!scored.insert(scores[i].unit_id()).second) {
      return InvalidField(field + ".unit_id", absl::StrCat(scores[i].unit_id(), " twice"));
    }
    if (scores[i].score_tenths() < 0) return InvalidField(field + ".score_tenths", "negative");
  }
  for (const v1::ClusterMember& member : constituted.members()) {
    if (!scored.contains(member.unit_id())) {
      return InvalidField("scores", absl::StrCat("member ", member.unit_id(), " is not scored"));
    }
  }
  v1::ClusterScoresRecorded recorded;
  *recorded.mutable_scored_on() = scored_on;
  for (v1::ClusterScore& score : RankScores(scores)) *recorded.add_scores() = std::move(score);
  return std::vector<NewEvent>{ToNewEvent(recorded)};
}

absl::StatusOr<LeadersProposal> DecideProposeLeaders(const EmulationCluster& cluster,
                                                     const v1::ClusterLeadersProposed& proposed,
                                                     const ClusterYear& year,
                                                     int64_t year_version) {
  AWARD_RETURN_IF_ERROR(MustExist(cluster));
  if (!cluster.scores.has_value()) {
    return absl::FailedPreconditionError("a cluster proposes its leaders once it is scored");
  }
  AWARD_ASSIGN_OR_RETURN(const absl::CivilDay day,
                         CivilDayOf(proposed.proposed_on(), "proposed.proposed_on"));
  if (day < ToCivilDay(cluster.scores->scored_on())) {
    return InvalidField("proposed.proposed_on", "before the cluster was scored");
  }
  if (proposed.proposals().empty()) return InvalidField("proposed.proposals", "missing");
  std::map<std::string, uint32_t> rank_of;
  for (const v1::ClusterScore& score : cluster.scores->scores()) {
    rank_of[score.unit_id()] = score.rank();
  }
  uint32_t flags = 0;
  for (const v1::ClusterProposal& proposal : proposed.proposals()) flags += IsFlag(proposal.kind());
  v1::ClusterLeadersTallied tally;
  tally.set_cluster_id(cluster.constituted->cluster_id());
  std::set<std::string> proposed_units;
  for (int i = 0; i < proposed.proposals_size(); ++i) {
    const v1::ClusterProposal& proposal = proposed.proposals(i);
    const std::string field = absl::StrCat("proposed.proposals[", i, "]");
    auto rank = rank_of.find(proposal.unit_id());
    if (rank == rank_of.end()) {
      return InvalidField(field + ".unit_id",
                          absl::StrCat(proposal.unit_id(), " is no member of the cluster"));
    }
    if (!proposed_units.insert(proposal.unit_id()).second) {
      return InvalidField(field + ".unit_id", absl::StrCat(proposal.unit_id(), " twice"));
    }
    if (!IsFlag(proposal.kind()) && proposal.kind() != v1::AWARD_KIND_BANG_KHEN_TINH) {
      return InvalidField(field + ".kind",
                          "a cluster proposes Cờ thi đua tỉnh, Cờ thi đua CP or Bằng khen tỉnh");
    }
    if (IsFlag(proposal.kind()) && rank->second > flags) {
      return absl::FailedPreconditionError(
          absl::StrCat(field, ": ", proposal.unit_id(), " ranks ", rank->second, "; the cluster's ",
                       flags, " flag(s) go to its leading units, ranked ", flags, " or better"));
    }
    if (proposal.kind() == v1::AWARD_KIND_CO_THI_DUA_CHINH_PHU) {
      if (!proposal.meets_provincial_flag_standard()) {
        return absl::FailedPreconditionError(
            absl::StrCat("R10: ", field,
                         ": Cờ thi đua của Chính phủ goes to a leader that met the "
                         "provincial flag's standard"));
      }
      tally.set_government_flag_proposals(tally.government_flag_proposals() + 1);
    }
    if (IsFlag(proposal.kind()) && proposal.meets_provincial_flag_standard()) {
      tally.set_leaders_meeting_flag_standard(tally.leaders_meeting_flag_standard() + 1);
    }
  }
  // This cluster's latest tally replaces its earlier one.
  ClusterYear after = year;
  after.tallies[tally.cluster_id()] = tally;
  const uint32_t proposals = after.GovernmentFlagProposals();
  const uint32_t leaders = after.LeadersMeetingFlagStandard();
  if (!WithinGovernmentFlagQuota(proposals, leaders)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "R10: ", proposals, " proposals for Cờ thi đua của Chính phủ among the clusters of ",
        cluster.constituted->authority_id(), " in ", cluster.constituted->year(), "; 20 % of the ",
        leaders, " leaders that met the provincial flag's standard allows ", leaders / 5));
  }
  LeadersProposal proposal;
  proposal.effects.events.push_back(ToNewEvent(proposed));
  AddToStream(proposal.effects,
              ClusterYearStream(cluster.constituted->authority_id(), cluster.constituted->year()),
              year_version, tally);
  proposal.year_after = std::move(after);
  return proposal;
}

absl::StatusOr<std::string> UnitAwardeeId(absl::string_view unit_id) {
  return AwardeeId(v1::SUBJECT_TYPE_COLLECTIVE, unit_id);
}

absl::Status ProposedByCluster(const EmulationCluster& cluster, absl::string_view cluster_id,
                               const std::string& awardee_id, v1::AwardKind kind) {
  if (!cluster.exists()) {
    return absl::FailedPreconditionError(absl::StrCat("no cluster ", cluster_id));
  }
  if (cluster.proposed.has_value()) {
    for (const v1::ClusterProposal& proposal : cluster.proposed->proposals()) {
      AWARD_ASSIGN_OR_RETURN(const std::string unit, UnitAwardeeId(proposal.unit_id()));
      if (proposal.kind() == kind && unit == awardee_id) return absl::OkStatus();
    }
  }
  return absl::FailedPreconditionError(
      absl::StrCat("cluster ", cluster_id, " did not propose this unit for ", AwardKindName(kind),
                   "; a flag goes to a cluster's proposed leader (R10)"));
}

}  // namespace award::nominations
