// Emulation clusters and blocks (cụm, khối thi đua; stream cluster-<id>) and
// the clusters of one organiser and year (stream
// cluster-year-<authority>-<year>). A cluster is constituted with its members,
// head and deputy head; its members sign their pledge, are scored and ranked
// at the year's end, and the cluster proposes its leading units. R10 is
// counted on the year's stream, which every proposal writes with the version
// it read: two clusters proposing at once are judged one after the other.
#ifndef AWARD_SERVICES_NOMINATIONS_DOMAIN_CLUSTER_H_
#define AWARD_SERVICES_NOMINATIONS_DOMAIN_CLUSTER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "award/v1/clusters.pb.h"
#include "eventstore/event.h"
#include "services/common/command.h"
#include "services/nominations/domain/authority.h"

namespace award::nominations {

struct EmulationCluster {
  std::optional<v1::ClusterConstituted> constituted;
  std::optional<v1::ClusterPledgeSigned> pledge;
  std::optional<v1::ClusterScoresRecorded> scores;
  std::optional<v1::ClusterLeadersProposed> proposed;  // the latest proposal stands

  bool exists() const { return constituted.has_value(); }
};

struct ClusterAggregate {
  using State = EmulationCluster;
  static absl::Status Evolve(EmulationCluster& cluster, const eventstore::RecordedEvent& event);
};

struct ClusterYear {
  std::vector<std::string> cluster_ids;                      // in the order constituted
  std::map<std::string, v1::ClusterLeadersTallied> tallies;  // each cluster's latest

  uint32_t LeadersMeetingFlagStandard() const;
  uint32_t GovernmentFlagProposals() const;
};

struct ClusterYearAggregate {
  using State = ClusterYear;
  static absl::Status Evolve(ClusterYear& year, const eventstore::RecordedEvent& event);
};

std::string ClusterStream(absl::string_view cluster_id);
std::string ClusterYearStream(absl::string_view authority_id, int year);

// R10 in integers: `proposals` Cờ thi đua CP proposals are allowed for
// `leaders` leaders that met the provincial flag's standard when they are at
// most 20 % of them, rounded down (proposals x 5 <= leaders). The law leaves
// the rounding open; rounding down never lets the share pass 20 %.
bool WithinGovernmentFlagQuota(uint32_t proposals, uint32_t leaders);

// The ranking of `scores`: best first, equal scores sharing a rank (1, 1, 3),
// ties listed in the order of their unit ids.
std::vector<v1::ClusterScore> RankScores(const std::vector<v1::UnitScore>& scores);

// The cluster, checked: the organiser registered, at least two members, each
// once, the head and the deputy among them and not the same unit, constituted
// in its year or the December before. Writes ClusterConstituted and lists it
// on the year's stream (read at `year_version`).
absl::StatusOr<Effects> DecideConstitute(const EmulationCluster& cluster,
                                         const v1::ClusterConstituted& constituted,
                                         const Authority& organiser, int64_t year_version);

absl::StatusOr<std::vector<NewEvent>> DecideSignPledge(const EmulationCluster& cluster,
                                                       const v1::ClusterPledgeSigned& pledge);

// Every member scored once, after the pledge was signed; the ranking is
// computed here, never taken from the caller.
absl::StatusOr<std::vector<NewEvent>> DecideRecordScores(const EmulationCluster& cluster,
                                                         const v1::Date& scored_on,
                                                         const std::vector<v1::UnitScore>& scores);

// The cluster's leaders, after its scoring: a flag (Cờ thi đua tỉnh or CP)
// goes to the best ranked (the k flags of a cluster to units ranked k or
// better), Cờ thi đua CP only to a leader that met the provincial flag's
// standard, and the organiser's Cờ CP proposals of the year stay within R10.
// A cluster may propose again: its latest proposal stands.
struct LeadersProposal {
  Effects effects;
  ClusterYear year_after;  // the organiser's year with this proposal counted
};
absl::StatusOr<LeadersProposal> DecideProposeLeaders(const EmulationCluster& cluster,
                                                     const v1::ClusterLeadersProposed& proposed,
                                                     const ClusterYear& year, int64_t year_version);

// The awardee id of the unit, as a collective's (awardee_id.h).
absl::StatusOr<std::string> UnitAwardeeId(absl::string_view unit_id);

// OK when the cluster proposed the collective `awardee_id` for `kind`: a Cờ
// thi đua is nominated only as its cluster proposed it.
absl::Status ProposedByCluster(const EmulationCluster& cluster, absl::string_view cluster_id,
                               const std::string& awardee_id, v1::AwardKind kind);

}  // namespace award::nominations

#endif  // AWARD_SERVICES_NOMINATIONS_DOMAIN_CLUSTER_H_
