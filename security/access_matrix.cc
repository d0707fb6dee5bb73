#include "security/access_matrix.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace award::security {
namespace {

using v1::Role;

// Everyone with a part in the records may read them; the operator may not.
const std::vector<Role> kReaders = {v1::CLERK,          v1::APPRAISER, v1::COUNCIL_SECRETARY,
                                    v1::COUNCIL_MEMBER, v1::CHAIR,     v1::AUDITOR};
const std::vector<Role> kEveryRole = {
    v1::CLERK,   v1::APPRAISER, v1::COUNCIL_SECRETARY, v1::COUNCIL_MEMBER, v1::CHAIR,
    v1::AUDITOR, v1::OPERATOR,  v1::PLATFORM_SERVICE,  v1::PUBLIC_VERIFIER};

using Matrix = absl::flat_hash_map<std::string, std::vector<Role>>;

void Allow(Matrix& matrix, absl::string_view service, std::vector<absl::string_view> methods,
           const std::vector<Role>& roles) {
  for (absl::string_view method : methods) {
    matrix[absl::StrCat("/", service, "/", method)] = roles;
  }
}

Matrix BuildMatrix() {
  Matrix m;
  const absl::string_view nominations = "award.v1.Nominations";
  Allow(m, nominations,
        {"DraftNomination", "AttachDocument", "RemoveDocument", "SubmitNomination",
         "WithdrawNomination", "ListNomineePublicly"},
        {v1::CLERK});
  // The internal-affairs office keeps the registry of authorities, the
  // emulation campaigns and clusters, and stops the clock on a nomination
  // under inquiry.
  Allow(m, nominations,
        {"RequestSupplement", "AppraiseNomination", "SuspendNomination", "ResumeNomination",
         "RegisterAuthority", "RenameAuthority", "MergeAuthority", "DissolveAuthority",
         "LaunchCampaign", "CloseCampaign", "ConstituteCluster", "SignClusterPledge",
         "RecordClusterScores", "ProposeClusterLeaders"},
        {v1::APPRAISER});
  Allow(m, nominations,
        {"GetNomination", "GetAuthority", "GetCampaign", "GetCluster", "ListClusters"}, kReaders);

  const absl::string_view council = "award.v1.Council";
  Allow(m, council,
        {"ConstituteCouncil", "AddCouncilMember", "RemoveCouncilMember", "ReplaceCouncilMember",
         "SignMinutes"},
        {v1::CHAIR});
  Allow(m, council,
        {"ScheduleMeeting", "AddAgendaItem", "RemoveAgendaItem", "ConveneMeeting", "CancelMeeting",
         "OpenVoting", "CloseVoting", "OpenConsultation", "CloseConsultation"},
        {v1::COUNCIL_SECRETARY});
  Allow(m, council, {"CastBallot", "AnswerConsultation"}, {v1::COUNCIL_MEMBER});
  Allow(m, council,
        {"GetCouncil", "GetMeeting", "GetMinutes", "GetConsultation", "GetCouncilOutcome"},
        kReaders);

  const absl::string_view decisions = "award.v1.Decisions";
  Allow(m, decisions, {"DraftDecision"}, {v1::APPRAISER});
  // A draft is set aside by whoever drafted it, or by the signer who declines it.
  Allow(m, decisions, {"DiscardDecision"}, {v1::APPRAISER, v1::CHAIR});
  // The emulation office enters its archive of paper decisions.
  Allow(m, decisions, {"RecordPriorAward"}, {v1::APPRAISER});
  Allow(m, decisions, {"IssueDecision", "RevokeDecision", "ForwardNomination"}, {v1::CHAIR});
  Allow(m, decisions, {"GetDecision", "GetRegister"}, kReaders);

  Allow(m, "award.v1.Query",
        {"GetNominationView", "ListNominations", "GetAwardeeHistory", "ListDecisions",
         "GetDecisionView", "GetStatistics", "GetAuditTrail", "GetMeetingAudit"},
        kReaders);
  Allow(m, "award.v1.Query", {"GetProjections"}, {v1::AUDITOR, v1::OPERATOR});

  // Only the platform's servers write and follow the log; auditors export and
  // verify it; operators take backups and check it is whole.
  const absl::string_view store = "eventstore.v1.EventStore";
  Allow(m, store, {"Append", "ReadStream", "Subscribe", "GetStreamInfo"}, {v1::PLATFORM_SERVICE});
  Allow(m, store, {"ReadAll"}, {v1::PLATFORM_SERVICE, v1::AUDITOR});
  Allow(m, store, {"Digest", "Verify"}, {v1::PLATFORM_SERVICE, v1::AUDITOR, v1::OPERATOR});
  Allow(m, store, {"Backup"}, {v1::OPERATOR});
  // The log's proofs hold no record's content: whoever the policy names to
  // check the register from outside (a witness, a citizens' gateway) may ask.
  Allow(m, store, {"GetCheckpoint", "GetInclusionProof", "GetConsistencyProof"},
        {v1::PLATFORM_SERVICE, v1::AUDITOR, v1::OPERATOR, v1::PUBLIC_VERIFIER});

  // A witness (another body's award_witness) hears of checkpoints from the
  // log only; what it cosigned anyone the policy names may read.
  Allow(m, "witness.v1.Witness", {"AddCheckpoint"}, {v1::PLATFORM_SERVICE});
  Allow(m, "witness.v1.Witness", {"GetLatestCheckpoint"},
        {v1::PLATFORM_SERVICE, v1::AUDITOR, v1::OPERATOR, v1::PUBLIC_VERIFIER});

  Allow(m, "grpc.health.v1.Health", {"Check", "Watch"}, kEveryRole);
  Allow(m, "grpc.reflection.v1alpha.ServerReflection", {"ServerReflectionInfo"}, kEveryRole);
  return m;
}

const Matrix& TheMatrix() {
  static const Matrix* const matrix = new Matrix(BuildMatrix());
  return *matrix;
}

}  // namespace

const std::vector<v1::Role>& RolesFor(absl::string_view method) {
  static const std::vector<Role> kNone;
  auto it = TheMatrix().find(method);
  return it == TheMatrix().end() ? kNone : it->second;
}

std::vector<absl::string_view> ListedMethods() {
  std::vector<absl::string_view> methods;
  for (const auto& [method, roles] : TheMatrix()) methods.push_back(method);
  return methods;
}

bool IsAuthorityScoped(v1::Role role) {
  return role != v1::AUDITOR && role != v1::OPERATOR && role != v1::PLATFORM_SERVICE &&
         role != v1::PUBLIC_VERIFIER;
}

}  // namespace award::security
