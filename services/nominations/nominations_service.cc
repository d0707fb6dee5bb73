#include "services/nominations/nominations_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/common/service_edge.h"
#include "services/nominations/nomination_record.h"

namespace award::nominations {
namespace {

using eventstore::InvalidField;

// An authority's entry in the registry is kept by the internal-affairs office
// of the authority above it; a top-level authority's by an appraiser whose
// grant holds everywhere.
absl::Status MayKeepEntryOf(const security::CallerScope& caller,
                            const v1::AuthorityRegistered& entry) {
  return caller.At(entry.parent_id());
}

// Who may change each aggregate: a nomination, those who hold the role at the
// authority it is addressed to; an authority's entry, those at the authority
// above; a campaign, those at its organising authority.
std::optional<std::string> AuthorityOfNomination(const Nomination& n) {
  return n.exists ? std::optional(n.draft.authority_id()) : std::nullopt;
}
std::optional<std::string> KeeperOfEntry(const Authority& a) {
  return a.exists ? std::optional(a.registered.parent_id()) : std::nullopt;
}
std::optional<std::string> OrganiserOfCampaign(const Campaign& c) {
  return c.exists ? std::optional(c.launched.authority_id()) : std::nullopt;
}

std::optional<std::string> OrganiserOfCluster(const EmulationCluster& c) {
  return c.exists() ? std::optional(c.constituted->authority_id()) : std::nullopt;
}

}  // namespace

NominationsService::NominationsService(eventstore::EventStore& store, const RuleBook& rules,
                                       const WorkingDayCalendar& calendar,
                                       NominationsServiceOptions options)
    : access_(options.access),
      store_(store),
      rules_(rules),
      calendar_(calendar),
      nominations_(store, AuthorityOfNomination),
      authorities_(store, KeeperOfEntry),
      campaigns_(store, OrganiserOfCampaign),
      clusters_(store, OrganiserOfCluster),
      cluster_years_(store),
      awardees_(store) {}

absl::StatusOr<std::vector<GrantedAward>> NominationsService::AwardsOf(
    const Nomination& nomination) {
  if (!nomination.exists) return std::vector<GrantedAward>{};
  AWARD_ASSIGN_OR_RETURN(auto history,
                         awardees_.Load(AwardeeStream(nomination.draft.nominee().awardee_id())));
  return std::move(history.state.awards);
}

security::CallerScope NominationsService::Scope(const grpc::ServerContext& context,
                                                const google::protobuf::Message& request) const {
  return security::CallerScope(access_, context, request);
}

absl::Status NominationsService::Run(const security::CallerScope& caller,
                                     const v1::CommandMeta& meta, const std::string& nomination_id,
                                     const Decide& decide, v1::NominationOutcome& outcome,
                                     Nomination* after) {
  if (nomination_id.empty()) return InvalidField("nomination_id", "missing");
  return nominations_.Run(caller, meta, NominationStream(nomination_id), decide,
                          *outcome.mutable_recorded(), [&](const Nomination& state) {
                            outcome.set_state(ToProto(state.status.state));
                            if (after != nullptr) *after = state;
                          });
}

absl::StatusOr<Effects> NominationsService::Releasing(
    const Nomination& nomination, absl::StatusOr<std::vector<NewEvent>> events) {
  AWARD_ASSIGN_OR_RETURN(Effects effects, OnOwnStream(std::move(events)));
  const std::string stream = ClaimStream(nomination.draft);
  AWARD_ASSIGN_OR_RETURN(Claim claim, ReadClaim(store_, stream));
  if (auto release = ReleaseClaim(claim, stream, nomination.draft.nomination_id())) {
    effects.also.push_back(*std::move(release));
  }
  return effects;
}

grpc::Status NominationsService::DraftNomination(grpc::ServerContext* context,
                                                 const v1::DraftNominationRequest* request,
                                                 v1::DraftNominationResponse* response) {
  v1::NominationDrafted draft = request->draft();
  v1::Nominee& nominee = *draft.mutable_nominee();
  for (auto [text, field] :
       {std::pair{nominee.mutable_full_name(), "draft.nominee.full_name"},
        {nominee.mutable_organisation_unit(), "draft.nominee.organisation_unit"},
        {nominee.mutable_position(), "draft.nominee.position"},
        {draft.mutable_achievement_summary(), "draft.achievement_summary"}}) {
    if (absl::Status normalized = NormalizeInPlace(*text, field); !normalized.ok()) {
      return Answer(normalized);
    }
  }
  const security::CallerScope caller = Scope(*context, *request);
  if (absl::Status permitted = caller.At(draft.authority_id()); !permitted.ok()) {
    return Answer(permitted);
  }
  const absl::CivilDay today = VietnamToday();
  return Answer(Run(
      caller, request->meta(), draft.nomination_id(),
      [&](const Nomination& n) -> absl::StatusOr<Effects> {
        AWARD_ASSIGN_OR_RETURN(std::vector<NewEvent> events, DecideDraft(n, draft, rules_, today));
        AWARD_ASSIGN_OR_RETURN(auto authority,
                               authorities_.Load(AuthorityStream(draft.authority_id())));
        if (!CanDecideOn(authority.state, today)) {
          return absl::FailedPreconditionError(
              absl::StrCat("authority '", draft.authority_id(),
                           "' is not registered or no longer decides (R2)"));
        }
        // A Cờ thi đua goes to a leading unit its cluster proposed (R10).
        if (draft.kind() == v1::AWARD_KIND_CO_THI_DUA_TINH ||
            draft.kind() == v1::AWARD_KIND_CO_THI_DUA_CHINH_PHU) {
          if (draft.cluster_id().empty()) {
            return InvalidField("draft.cluster_id",
                                "a Cờ thi đua is nominated from its cluster's proposals");
          }
          AWARD_ASSIGN_OR_RETURN(auto cluster, clusters_.Load(ClusterStream(draft.cluster_id())));
          AWARD_RETURN_IF_ERROR(ProposedByCluster(cluster.state, draft.cluster_id(),
                                                  draft.nominee().awardee_id(), draft.kind()));
        }
        if (!draft.campaign_id().empty()) {
          AWARD_ASSIGN_OR_RETURN(auto campaign,
                                 campaigns_.Load(CampaignStream(draft.campaign_id())));
          AWARD_RETURN_IF_ERROR(
              AcceptsNomination(campaign.state, draft.campaign_id(), draft.kind()));
        }
        // One live nomination per nominee, kind and period: the claim is
        // taken in the same append, so two racing drafts cannot both win.
        const std::string stream = ClaimStream(draft);
        AWARD_ASSIGN_OR_RETURN(Claim claim, ReadClaim(store_, stream));
        AWARD_ASSIGN_OR_RETURN(eventstore::StreamAppend take,
                               TakeClaim(claim, stream, draft.nomination_id()));
        return Effects{std::move(events), {std::move(take)}};
      },
      *response->mutable_outcome()));
}

grpc::Status NominationsService::AttachDocument(grpc::ServerContext* context,
                                                const v1::AttachDocumentRequest* request,
                                                v1::AttachDocumentResponse* response) {
  v1::DossierDocument document = request->document();
  if (absl::Status normalized = NormalizeInPlace(*document.mutable_title(), "document.title");
      !normalized.ok()) {
    return Answer(normalized);
  }
  return Answer(Run(
      Scope(*context, *request), request->meta(), request->nomination_id(),
      [&](const Nomination& n) { return OnOwnStream(DecideAttachDocument(n, document)); },
      *response->mutable_outcome()));
}

grpc::Status NominationsService::RemoveDocument(grpc::ServerContext* context,
                                                const v1::RemoveDocumentRequest* request,
                                                v1::RemoveDocumentResponse* response) {
  return Answer(Run(
      Scope(*context, *request), request->meta(), request->nomination_id(),
      [&](const Nomination& n) { return OnOwnStream(DecideRemoveDocument(n, request->sha256())); },
      *response->mutable_outcome()));
}

grpc::Status NominationsService::SubmitNomination(grpc::ServerContext* context,
                                                  const v1::SubmitNominationRequest* request,
                                                  v1::SubmitNominationResponse* response) {
  absl::StatusOr<absl::CivilDay> received = CivilDayOf(request->received_on(), "received_on");
  if (!received.ok()) return Answer(received.status());
  std::string proceeding = request->open_proceeding();
  if (absl::Status normalized = NormalizeInPlace(proceeding, "open_proceeding"); !normalized.ok()) {
    return Answer(normalized);
  }
  const std::optional<std::string> open =
      proceeding.empty() ? std::nullopt : std::optional<std::string>(proceeding);
  return Answer(Run(
      Scope(*context, *request), request->meta(), request->nomination_id(),
      [&](const Nomination& n) -> absl::StatusOr<Effects> {
        AWARD_ASSIGN_OR_RETURN(std::vector<GrantedAward> awards, AwardsOf(n));
        return OnOwnStream(DecideSubmit(n, *received, rules_, awards, open));
      },
      *response->mutable_outcome()));
}

grpc::Status NominationsService::RequestSupplement(grpc::ServerContext* context,
                                                   const v1::RequestSupplementRequest* request,
                                                   v1::RequestSupplementResponse* response) {
  absl::StatusOr<absl::CivilDay> today = CivilDayOf(request->today(), "today");
  if (!today.ok()) return Answer(today.status());
  google::protobuf::RepeatedPtrField<std::string> reasons = request->reasons();
  if (absl::Status normalized = NormalizeAllInPlace(reasons, "reasons"); !normalized.ok()) {
    return Answer(normalized);
  }
  Nomination after;
  absl::Status ran = Run(
      Scope(*context, *request), request->meta(), request->nomination_id(),
      [&](const Nomination& n) {
        return OnOwnStream(DecideRequestSupplement(n, {reasons.begin(), reasons.end()},
                                                   static_cast<int>(request->working_days()),
                                                   calendar_, *today));
      },
      *response->mutable_outcome(), &after);
  if (!ran.ok()) return Answer(ran);
  *response->mutable_due_on() = after.supplement_due;
  return grpc::Status::OK;
}

grpc::Status NominationsService::AppraiseNomination(grpc::ServerContext* context,
                                                    const v1::AppraiseNominationRequest* request,
                                                    v1::AppraiseNominationResponse* response) {
  std::string note = request->note();
  if (absl::Status normalized = NormalizeInPlace(note, "note"); !normalized.ok()) {
    return Answer(normalized);
  }
  return Answer(Run(
      Scope(*context, *request), request->meta(), request->nomination_id(),
      [&](const Nomination& n) -> absl::StatusOr<Effects> {
        // A failed appraisal frees the nominee for another nomination.
        AWARD_ASSIGN_OR_RETURN(std::vector<GrantedAward> awards, AwardsOf(n));
        absl::StatusOr<std::vector<NewEvent>> events =
            DecideAppraise(n, request->pass(), note, rules_, awards);
        return request->pass() ? OnOwnStream(std::move(events)) : Releasing(n, std::move(events));
      },
      *response->mutable_outcome()));
}

grpc::Status NominationsService::WithdrawNomination(grpc::ServerContext* context,
                                                    const v1::WithdrawNominationRequest* request,
                                                    v1::WithdrawNominationResponse* response) {
  std::string reason = request->reason();
  if (absl::Status normalized = NormalizeInPlace(reason, "reason"); !normalized.ok()) {
    return Answer(normalized);
  }
  return Answer(Run(
      Scope(*context, *request), request->meta(), request->nomination_id(),
      [&](const Nomination& n) -> absl::StatusOr<Effects> {
        // The state machine judges the nomination as the other services hold it.
        AWARD_ASSIGN_OR_RETURN(NominationRecord record,
                               ReadNominationRecord(store_, request->nomination_id()));
        AWARD_ASSIGN_OR_RETURN(Effects effects,
                               Releasing(n, DecideWithdraw(record.overall, reason)));
        RequireOtherRecordsUnchanged(effects, record, request->nomination_id());
        return effects;
      },
      *response->mutable_outcome()));
}

grpc::Status NominationsService::SuspendNomination(grpc::ServerContext* context,
                                                   const v1::SuspendNominationRequest* request,
                                                   v1::SuspendNominationResponse* response) {
  std::string proceeding = request->proceeding();
  if (absl::Status normalized = NormalizeInPlace(proceeding, "proceeding"); !normalized.ok()) {
    return Answer(normalized);
  }
  return Answer(Run(
      Scope(*context, *request), request->meta(), request->nomination_id(),
      [&](const Nomination&) -> absl::StatusOr<Effects> {
        // R14 freezes a nomination still in progress, wherever it is: on an
        // agenda, recommended; a decided one is revoked, not suspended.
        AWARD_ASSIGN_OR_RETURN(NominationRecord record,
                               ReadNominationRecord(store_, request->nomination_id()));
        AWARD_ASSIGN_OR_RETURN(Effects effects,
                               OnOwnStream(DecideSuspend(record.overall, proceeding)));
        RequireOtherRecordsUnchanged(effects, record, request->nomination_id());
        return effects;
      },
      *response->mutable_outcome()));
}

grpc::Status NominationsService::ResumeNomination(grpc::ServerContext* context,
                                                  const v1::ResumeNominationRequest* request,
                                                  v1::ResumeNominationResponse* response) {
  std::string conclusion = request->conclusion();
  if (absl::Status normalized = NormalizeInPlace(conclusion, "conclusion"); !normalized.ok()) {
    return Answer(normalized);
  }
  return Answer(Run(
      Scope(*context, *request), request->meta(), request->nomination_id(),
      [&](const Nomination& n) { return OnOwnStream(DecideResume(n, conclusion)); },
      *response->mutable_outcome()));
}

grpc::Status NominationsService::ListNomineePublicly(grpc::ServerContext* context,
                                                     const v1::ListNomineePubliclyRequest* request,
                                                     v1::ListNomineePubliclyResponse* response) {
  std::string where = request->where();
  if (absl::Status normalized = NormalizeInPlace(where, "where"); !normalized.ok()) {
    return Answer(normalized);
  }
  return Answer(Run(
      Scope(*context, *request), request->meta(), request->nomination_id(),
      [&](const Nomination& n) {
        return OnOwnStream(DecideListPublicly(n, request->listed_on(), where));
      },
      *response->mutable_outcome()));
}

grpc::Status NominationsService::GetNomination(grpc::ServerContext*,
                                               const v1::GetNominationRequest* request,
                                               v1::GetNominationResponse* response) {
  if (request->nomination_id().empty()) return Answer(InvalidField("nomination_id", "missing"));
  absl::StatusOr<NominationRecord> record = ReadNominationRecord(store_, request->nomination_id());
  if (!record.ok()) return Answer(record.status());
  if (record->own_version < 0) {
    return Answer(absl::NotFoundError(absl::StrCat("no nomination ", request->nomination_id())));
  }
  ToProto(*record, *response);
  return grpc::Status::OK;
}

grpc::Status NominationsService::RegisterAuthority(grpc::ServerContext* context,
                                                   const v1::RegisterAuthorityRequest* request,
                                                   v1::RegisterAuthorityResponse* response) {
  v1::AuthorityRegistered authority = request->authority();
  if (absl::Status normalized = NormalizeInPlace(*authority.mutable_name(), "authority.name");
      !normalized.ok()) {
    return Answer(normalized);
  }
  if (authority.authority_id().empty())
    return Answer(InvalidField("authority.authority_id", "missing"));
  const security::CallerScope caller = Scope(*context, *request);
  if (absl::Status permitted = MayKeepEntryOf(caller, authority); !permitted.ok()) {
    return Answer(permitted);
  }
  return Answer(authorities_.Run(
      caller, request->meta(), AuthorityStream(authority.authority_id()),
      [&](const Authority& a) { return DecideRegister(a, authority); },
      *response->mutable_recorded()));
}

grpc::Status NominationsService::RenameAuthority(grpc::ServerContext* context,
                                                 const v1::RenameAuthorityRequest* request,
                                                 v1::RenameAuthorityResponse* response) {
  if (request->authority_id().empty()) return Answer(InvalidField("authority_id", "missing"));
  v1::AuthorityRenamed renamed = request->renamed();
  if (absl::Status normalized = NormalizeInPlace(*renamed.mutable_name(), "renamed.name");
      !normalized.ok()) {
    return Answer(normalized);
  }
  return Answer(authorities_.Run(
      Scope(*context, *request), request->meta(), AuthorityStream(request->authority_id()),
      [&](const Authority& a) { return DecideRename(a, renamed); }, *response->mutable_recorded()));
}

grpc::Status NominationsService::MergeAuthority(grpc::ServerContext* context,
                                                const v1::MergeAuthorityRequest* request,
                                                v1::MergeAuthorityResponse* response) {
  if (request->authority_id().empty()) return Answer(InvalidField("authority_id", "missing"));
  return Answer(authorities_.Run(
      Scope(*context, *request), request->meta(), AuthorityStream(request->authority_id()),
      [&](const Authority& a) { return DecideMerge(a, request->merged()); },
      *response->mutable_recorded()));
}

grpc::Status NominationsService::DissolveAuthority(grpc::ServerContext* context,
                                                   const v1::DissolveAuthorityRequest* request,
                                                   v1::DissolveAuthorityResponse* response) {
  if (request->authority_id().empty()) return Answer(InvalidField("authority_id", "missing"));
  return Answer(authorities_.Run(
      Scope(*context, *request), request->meta(), AuthorityStream(request->authority_id()),
      [&](const Authority& a) { return DecideDissolve(a, request->dissolved()); },
      *response->mutable_recorded()));
}

grpc::Status NominationsService::GetAuthority(grpc::ServerContext*,
                                              const v1::GetAuthorityRequest* request,
                                              v1::GetAuthorityResponse* response) {
  if (request->authority_id().empty()) return Answer(InvalidField("authority_id", "missing"));
  auto loaded = authorities_.Load(AuthorityStream(request->authority_id()));
  if (!loaded.ok()) return Answer(loaded.status());
  const Authority& authority = loaded->state;
  if (!authority.exists) {
    return Answer(absl::NotFoundError(absl::StrCat("no authority ", request->authority_id())));
  }
  *response->mutable_registered() = authority.registered;
  response->set_name(authority.name);
  switch (authority.status) {
    case Authority::Status::kActive:
      response->set_status(v1::AUTHORITY_STATUS_ACTIVE);
      break;
    case Authority::Status::kMerged:
      response->set_status(v1::AUTHORITY_STATUS_MERGED);
      break;
    case Authority::Status::kDissolved:
      response->set_status(v1::AUTHORITY_STATUS_DISSOLVED);
      break;
  }
  response->set_merged_into(authority.merged_into);
  if (authority.status != Authority::Status::kActive) {
    *response->mutable_ended_on() = DateOf(authority.ended_on);
  }
  return grpc::Status::OK;
}

grpc::Status NominationsService::LaunchCampaign(grpc::ServerContext* context,
                                                const v1::LaunchCampaignRequest* request,
                                                v1::LaunchCampaignResponse* response) {
  v1::CampaignLaunched campaign = request->campaign();
  if (absl::Status normalized = NormalizeInPlace(*campaign.mutable_name(), "campaign.name");
      !normalized.ok()) {
    return Answer(normalized);
  }
  if (campaign.campaign_id().empty())
    return Answer(InvalidField("campaign.campaign_id", "missing"));
  // A campaign is the organising authority's own.
  const security::CallerScope caller = Scope(*context, *request);
  if (absl::Status permitted = caller.At(campaign.authority_id()); !permitted.ok()) {
    return Answer(permitted);
  }
  return Answer(campaigns_.Run(
      caller, request->meta(), CampaignStream(campaign.campaign_id()),
      [&](const Campaign& c) -> absl::StatusOr<std::vector<NewEvent>> {
        AWARD_ASSIGN_OR_RETURN(auto authority,
                               authorities_.Load(AuthorityStream(campaign.authority_id())));
        if (!authority.state.exists) {
          return absl::FailedPreconditionError(
              absl::StrCat("authority '", campaign.authority_id(), "' is not registered"));
        }
        return DecideLaunch(c, campaign);
      },
      *response->mutable_recorded()));
}

grpc::Status NominationsService::CloseCampaign(grpc::ServerContext* context,
                                               const v1::CloseCampaignRequest* request,
                                               v1::CloseCampaignResponse* response) {
  if (request->campaign_id().empty()) return Answer(InvalidField("campaign_id", "missing"));
  return Answer(campaigns_.Run(
      Scope(*context, *request), request->meta(), CampaignStream(request->campaign_id()),
      [&](const Campaign& c) { return DecideClose(c, request->closed()); },
      *response->mutable_recorded()));
}

grpc::Status NominationsService::GetCampaign(grpc::ServerContext*,
                                             const v1::GetCampaignRequest* request,
                                             v1::GetCampaignResponse* response) {
  if (request->campaign_id().empty()) return Answer(InvalidField("campaign_id", "missing"));
  auto loaded = campaigns_.Load(CampaignStream(request->campaign_id()));
  if (!loaded.ok()) return Answer(loaded.status());
  if (!loaded->state.exists) {
    return Answer(absl::NotFoundError(absl::StrCat("no campaign ", request->campaign_id())));
  }
  *response->mutable_campaign() = loaded->state.launched;
  response->set_closed(loaded->state.closed);
  return grpc::Status::OK;
}

}  // namespace award::nominations
