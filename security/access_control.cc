#include "security/access_control.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/file_contents.h"
#include "google/protobuf/text_format.h"
#include "security/access_matrix.h"

namespace award::security {

absl::StatusOr<AccessControl> AccessControl::Load(const std::string& path) {
  absl::StatusOr<std::string> text = FileContents(path);
  if (!text.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("access policy: ", text.status().message()));
  }
  v1::AccessPolicy policy;
  if (!google::protobuf::TextFormat::ParseFromString(*text, &policy)) {
    return absl::InvalidArgumentError(
        absl::StrCat("access policy ", path, ": not a text-format award.v1.AccessPolicy"));
  }
  absl::StatusOr<AccessControl> access = FromPolicy(policy);
  if (!access.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("access policy ", path, ": ", access.status().message()));
  }
  return access;
}

absl::StatusOr<AccessControl> AccessControl::FromPolicy(const v1::AccessPolicy& policy) {
  AccessControl access;
  for (const v1::AccessPolicy::Party& party : policy.parties()) {
    if (party.name().empty()) return absl::InvalidArgumentError("a party without a name");
    for (const v1::AccessPolicy::Grant& grant : party.grants()) {
      if (grant.role() == v1::ROLE_UNSPECIFIED) {
        return absl::InvalidArgumentError(absl::StrCat(party.name(), ": a grant without a role"));
      }
      if (!IsAuthorityScoped(grant.role()) && !grant.authority_id().empty()) {
        return absl::InvalidArgumentError(absl::StrCat(party.name(), ": ",
                                                       v1::Role_Name(grant.role()),
                                                       " is held everywhere, not at an authority"));
      }
    }
    Party entry{party.trusted(), {party.grants().begin(), party.grants().end()}};
    if (!access.parties_.emplace(party.name(), std::move(entry)).second) {
      return absl::InvalidArgumentError(absl::StrCat(party.name(), ": named twice"));
    }
  }
  return access;
}

absl::StatusOr<Caller> AccessControl::Identify(
    absl::string_view common_name, const std::optional<std::string>& on_behalf_of) const {
  if (common_name.empty()) {
    return absl::UnauthenticatedError("a client certificate signed by the platform's CA is needed");
  }
  Caller caller{std::string(common_name), ""};
  if (!on_behalf_of.has_value()) return caller;
  auto party = parties_.find(caller.principal);
  if (party == parties_.end() || !party->second.trusted) {
    return absl::PermissionDeniedError(
        absl::StrCat(caller.principal, " may not act for others (", kOnBehalfOfHeader, ")"));
  }
  if (on_behalf_of->empty() || *on_behalf_of == caller.principal) {
    return absl::PermissionDeniedError(
        absl::StrCat(kOnBehalfOfHeader, " must name a person other than the caller"));
  }
  caller.person = *on_behalf_of;
  return caller;
}

bool AccessControl::Permits(const Caller& caller, absl::string_view method,
                            std::optional<absl::string_view> authority_id) const {
  auto party = parties_.find(caller.Acting());
  if (party == parties_.end()) return false;
  const std::vector<v1::Role>& allowed = RolesFor(method);
  return std::any_of(party->second.grants.begin(), party->second.grants.end(),
                     [&](const v1::AccessPolicy::Grant& grant) {
                       if (std::find(allowed.begin(), allowed.end(), grant.role()) == allowed.end())
                         return false;
                       return !authority_id.has_value() || grant.authority_id().empty() ||
                              grant.authority_id() == *authority_id;
                     });
}

absl::Status AccessControl::MayCall(const Caller& caller, absl::string_view method) const {
  if (Permits(caller, method, std::nullopt)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(caller.Acting(), " holds no role that may call ", method));
}

absl::Status AccessControl::MayCallAt(const Caller& caller, absl::string_view method,
                                      absl::string_view authority_id) const {
  if (Permits(caller, method, authority_id)) return absl::OkStatus();
  if (authority_id.empty()) {
    return absl::PermissionDeniedError(
        absl::StrCat(caller.Acting(),
                     " holds no role everywhere (no authority is named) that may call ", method));
  }
  return absl::PermissionDeniedError(
      absl::StrCat(caller.Acting(), " holds no role at ", authority_id, " that may call ", method));
}

}  // namespace award::security
