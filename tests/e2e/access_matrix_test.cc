// awardd over mTLS with an access policy, as a real process: every RPC of the
// platform against every role (the whole matrix), a caller without a
// certificate, a principal the policy does not know, a trusted system acting
// for a person (and what the log records as the actor), and the checks only
// the record can answer: a nomination's, a meeting's and a decision's
// authority, and a council member's own ballot.
//
// The data is the demo commune's year, seeded by a plaintext run of awardd on
// the same data directory before the secured one starts.
#include "security/access_matrix.h"

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "award/v1/council_service.pb.h"
#include "award/v1/decisions_service.pb.h"
#include "award/v1/nominations_service.pb.h"
#include "eventstore/v1/eventstore.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "security/access_control.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"
#include "tools/awardctl/demo.h"
#include "tools/awardctl/platform_client.h"

namespace award {
namespace {

using ::award::testing::AnnouncedServer;
using ::award::testing::TempDir;

constexpr char kTanLap[] = "ubnd-xa-tan-lap";
constexpr char kLamSon[] = "ubnd-tinh-lam-son";  // the province above it
constexpr char kCampaign[] = "tl-phong-trao-2025";
constexpr char kMeeting[] = "tl-hdtdkt-2025-12-22";
constexpr char kNomination[] = "tl-2025-ldtt-001";

// One certificate per role, each holding its role everywhere: the matrix is
// about methods; where a role holds is tested below with persons.
const std::vector<std::pair<v1::Role, std::string>>& RoleHolders() {
  static const auto* holders =
      new std::vector<std::pair<v1::Role, std::string>>{{v1::CLERK, "clerk"},
                                                        {v1::APPRAISER, "appraiser"},
                                                        {v1::COUNCIL_SECRETARY, "secretary"},
                                                        {v1::COUNCIL_MEMBER, "member"},
                                                        {v1::CHAIR, "chair"},
                                                        {v1::AUDITOR, "auditor"},
                                                        {v1::OPERATOR, "operator"},
                                                        {v1::PLATFORM_SERVICE, "platform"}};
  return *holders;
}

std::string Policy() {
  std::string text;
  for (const auto& [role, name] : RoleHolders()) {
    absl::StrAppend(&text, "parties { name: \"", name, "\" grants { role: ", v1::Role_Name(role),
                    " } }\n");
  }
  // Persons a trusted system acts for, each at one authority.
  absl::StrAppend(&text, R"pb(
    parties { name: "hrm-system" trusted: true }
    parties {
      name: "appraiser-person"
      grants { role: APPRAISER }
    }
    parties {
      name: "appraiser-lam-son"
      grants { role: APPRAISER authority_id: "ubnd-tinh-lam-son" }
    }
    parties {
      name: "appraiser-tan-lap"
      grants { role: APPRAISER authority_id: "ubnd-xa-tan-lap" }
    }
    parties {
      name: "clerk-tan-lap"
      grants { role: CLERK authority_id: "ubnd-xa-tan-lap" }
    }
    parties {
      name: "clerk-phu-thinh"
      grants { role: CLERK authority_id: "ubnd-xa-phu-thinh" }
    }
    parties {
      name: "secretary-tan-lap"
      grants { role: COUNCIL_SECRETARY authority_id: "ubnd-xa-tan-lap" }
    }
    parties {
      name: "secretary-phu-thinh"
      grants { role: COUNCIL_SECRETARY authority_id: "ubnd-xa-phu-thinh" }
    }
    parties {
      name: "chair-tan-lap"
      grants { role: CHAIR authority_id: "ubnd-xa-tan-lap" }
    }
    parties {
      name: "chair-phu-thinh"
      grants { role: CHAIR authority_id: "ubnd-xa-phu-thinh" }
    }
    parties {
      name: "tl-05"
      grants { role: COUNCIL_MEMBER authority_id: "ubnd-xa-tan-lap" }
    }
  )pb");
  return text;
}

class SecuredAwarddTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const std::string certs = dir_->Sub("certs");
    std::string names = "awardd outsider hrm-system";
    for (const auto& [role, name] : RoleHolders()) absl::StrAppend(&names, " ", name);
    const std::string make_certs =
        absl::StrCat(AWARD_SOURCE_DIR "/scripts/dev-certs.sh ", certs, " ", names, " >/dev/null");
    ASSERT_EQ(std::system(make_certs.c_str()), 0) << make_certs;
    { std::ofstream(dir_->Sub("policy.textproto")) << Policy(); }
    std::vector<std::string> argv = {AWARD_AWARDD_PATH, "--data_dir=" + dir_->Sub("data"),
                                     "--listen=127.0.0.1:0", "--rules_dir=" AWARD_RULES_DIR,
                                     "--rule_overrides=" AWARD_DEMO_RULES_DIR};
    {
      AnnouncedServer plaintext("awardd", argv);
      ASSERT_FALSE(plaintext.address.empty());
      ctl::PlatformClient client(ctl::Endpoints::AllAt(plaintext.address));
      std::ostringstream out;
      const absl::Status seeded = ctl::SeedDemoYear(client, "demo-seeder", out);
      ASSERT_TRUE(seeded.ok()) << seeded;
      plaintext.process->Signal(SIGTERM);
      ASSERT_EQ(plaintext.process->Wait(absl::Seconds(30)), 0);
    }
    for (const std::string& flag :
         {"--tls_ca=" + certs + "/ca.pem", "--tls_cert=" + certs + "/awardd.pem",
          "--tls_key=" + certs + "/awardd.key",
          "--access_policy=" + dir_->Sub("policy.textproto")}) {
      argv.push_back(flag);
    }
    // Through a shell, for its request log on stderr.
    std::string command = "exec";
    for (const std::string& arg : argv) absl::StrAppend(&command, " '", arg, "'");
    absl::StrAppend(&command, " 2>'", dir_->Sub("requests.log"), "'");
    awardd_ = new AnnouncedServer("awardd", {"/bin/sh", "-c", command});
    ASSERT_FALSE(awardd_->address.empty());
  }

  static void TearDownTestSuite() {
    delete awardd_;
    delete dir_;
  }

  // Credentials of `name`'s certificate; the CA alone for "".
  static std::shared_ptr<grpc::ChannelCredentials> CredentialsOf(const std::string& name) {
    auto read = [](const std::string& path) {
      std::ifstream in(path);
      std::stringstream text;
      text << in.rdbuf();
      return text.str();
    };
    const std::string certs = dir_->Sub("certs");
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = read(certs + "/ca.pem");
    if (!name.empty()) {
      options.pem_cert_chain = read(certs + "/" + name + ".pem");
      options.pem_private_key = read(certs + "/" + name + ".key");
    }
    return grpc::SslCredentials(options);
  }

  static std::shared_ptr<grpc::Channel> ChannelOf(const std::string& name) {
    return grpc::CreateChannel(awardd_->address, CredentialsOf(name));
  }

  // A client for `person`, through the trusted HR system.
  static std::unique_ptr<ctl::PlatformClient> ClientFor(const std::string& person) {
    return std::make_unique<ctl::PlatformClient>(
        ctl::Endpoints::AllAt(awardd_->address), absl::Seconds(10),
        ctl::CallerIdentity{CredentialsOf("hrm-system"), person});
  }

  static TempDir* dir_;
  static AnnouncedServer* awardd_;
};

TempDir* SecuredAwarddTest::dir_ = nullptr;
AnnouncedServer* SecuredAwarddTest::awardd_ = nullptr;

// Calls `method` (any kind of RPC) with an empty request. OK when the server
// let the call in and answered a message; otherwise the call's status.
grpc::Status CallWithEmptyRequest(const std::shared_ptr<grpc::Channel>& channel,
                                  const std::string& method) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
  grpc::CompletionQueue queue;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&context, method, &queue);
  void* tag = nullptr;
  bool ok = false;
  auto step = [&](intptr_t id) {
    EXPECT_TRUE(queue.Next(&tag, &ok));
    EXPECT_EQ(reinterpret_cast<intptr_t>(tag), id);
    return ok;
  };
  call->StartCall(reinterpret_cast<void*>(1));
  step(1);
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  call->Write(request, reinterpret_cast<void*>(2));
  step(2);
  call->WritesDone(reinterpret_cast<void*>(3));
  step(3);
  grpc::ByteBuffer response;
  call->Read(&response, reinterpret_cast<void*>(4));
  const bool answered = step(4);
  // A stream (health's Watch, a subscription) would go on: it was let in.
  if (answered) context.TryCancel();
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  step(5);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  return answered ? grpc::Status::OK : status;
}

// A call the server did not take up: refused at the gate, or never served.
bool NotTakenUp(grpc::StatusCode code) {
  return code == grpc::StatusCode::PERMISSION_DENIED || code == grpc::StatusCode::UNAUTHENTICATED ||
         code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::UNIMPLEMENTED;
}

TEST_F(SecuredAwarddTest, EveryRpcAgainstEveryRoleIsRefusedExactlyWhereDue) {
  int let_in = 0;
  int refused = 0;
  for (const auto& [role, name] : RoleHolders()) {
    const std::shared_ptr<grpc::Channel> channel = ChannelOf(name);
    for (absl::string_view method : security::ListedMethods()) {
      // award_witness, another body's server, is not part of awardd.
      if (absl::StartsWith(method, "/witness.v1.")) continue;
      const std::vector<v1::Role>& allowed = security::RolesFor(method);
      const bool due = std::find(allowed.begin(), allowed.end(), role) != allowed.end();
      const grpc::Status status = CallWithEmptyRequest(channel, std::string(method));
      ++(due ? let_in : refused);
      if (due) {
        EXPECT_FALSE(NotTakenUp(status.error_code()))
            << name << " on " << method << ": " << status.error_message();
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << name << " on " << method << ": " << status.error_message();
      }
    }
  }
  std::cout << "access matrix: " << let_in << " calls let in, " << refused << " refused\n";
  EXPECT_GT(let_in, 0);
  EXPECT_GT(refused, 0);
}

TEST_F(SecuredAwarddTest, WithoutACertificateEveryRpcIsUnauthenticated) {
  const std::shared_ptr<grpc::Channel> channel = ChannelOf("");
  for (absl::string_view method : security::ListedMethods()) {
    EXPECT_EQ(CallWithEmptyRequest(channel, std::string(method)).error_code(),
              grpc::StatusCode::UNAUTHENTICATED)
        << method;
  }
}

TEST_F(SecuredAwarddTest, APrincipalThePolicyDoesNotNameMayCallNothing) {
  const std::shared_ptr<grpc::Channel> channel = ChannelOf("outsider");
  for (absl::string_view method : security::ListedMethods()) {
    EXPECT_EQ(CallWithEmptyRequest(channel, std::string(method)).error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << method;
  }
}

TEST_F(SecuredAwarddTest, OnlyATrustedPrincipalActsForAPersonAndTheLogRecordsBoth) {
  v1::RegisterAuthorityRequest request;
  v1::AuthorityRegistered& authority = *request.mutable_authority();
  authority.set_authority_id("ubnd-xa-thu-nghiem");
  authority.set_name("Ủy ban nhân dân xã Thử Nghiệm");
  authority.set_level(v1::AUTHORITY_LEVEL_COMMUNE);
  authority.set_parent_id("ubnd-tinh-lam-son");
  authority.set_decision_symbol("QĐ-UBND");
  authority.mutable_established_on()->set_year(2025);
  authority.mutable_established_on()->set_month(7);
  authority.mutable_established_on()->set_day(1);

  // The clerk's own certificate is not trusted to act for anyone.
  ctl::PlatformClient clerk(ctl::Endpoints::AllAt(awardd_->address), absl::Seconds(10),
                            {CredentialsOf("clerk"), "appraiser-person"});
  EXPECT_EQ(clerk
                .Command<v1::RegisterAuthorityResponse>("award.v1.Nominations.RegisterAuthority",
                                                        request, "forged", "register-test-1")
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);

  // The HR system may, and the person's role applies; the actor the request
  // claims is not what is recorded.
  absl::StatusOr<v1::RegisterAuthorityResponse> registered =
      ClientFor("appraiser-person")
          ->Command<v1::RegisterAuthorityResponse>("award.v1.Nominations.RegisterAuthority",
                                                   request, "forged", "register-test-1");
  ASSERT_TRUE(registered.ok()) << registered.status();

  ctl::PlatformClient platform(ctl::Endpoints::AllAt(awardd_->address), absl::Seconds(10),
                               {CredentialsOf("platform"), ""});
  eventstore::v1::ReadStreamRequest read;
  read.set_stream("authority-ubnd-xa-thu-nghiem");
  read.set_direction(eventstore::v1::READ_DIRECTION_FORWARD);
  read.set_max_count(10);
  absl::StatusOr<eventstore::v1::ReadStreamResponse> events =
      platform.Read<eventstore::v1::ReadStreamResponse>("eventstore.v1.EventStore.ReadStream",
                                                        read);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->events_size(), 1);
  EXPECT_EQ(events->events(0).metadata().actor(), "hrm-system/appraiser-person");

  // The request log names the same actor, not the one the request claimed.
  std::ifstream log(dir_->Sub("requests.log"));
  bool logged = false;
  for (std::string line; std::getline(log, line);) {
    logged |= absl::StrContains(line,
                                "\"request_id\":\"register-test-1\",\"actor\":"
                                "\"hrm-system/appraiser-person\",\"code\":\"OK\"");
    EXPECT_FALSE(absl::StrContains(line, "forged")) << line;
  }
  EXPECT_TRUE(logged);
}

// The status of a command sent for `person`.
template <typename Response, typename Request>
absl::StatusCode CommandFor(const ctl::PlatformClient& client, const std::string& method,
                            const Request& request) {
  return client.Command<Response>(method, request, "", "scope-" + method).status().code();
}

TEST_F(SecuredAwarddTest, ARoleHoldsOnlyAtItsAuthority) {
  v1::WithdrawNominationRequest withdraw;
  withdraw.set_nomination_id(kNomination);
  withdraw.set_reason("thử quyền");
  EXPECT_EQ(
      (CommandFor<v1::WithdrawNominationResponse>(
          *ClientFor("clerk-phu-thinh"), "award.v1.Nominations.WithdrawNomination", withdraw)),
      absl::StatusCode::kPermissionDenied);
  // At its own commune the clerk is let in, and the state machine answers
  // (the nomination is decided: too late to withdraw).
  EXPECT_EQ((CommandFor<v1::WithdrawNominationResponse>(
                *ClientFor("clerk-tan-lap"), "award.v1.Nominations.WithdrawNomination", withdraw)),
            absl::StatusCode::kFailedPrecondition);

  v1::DraftNominationRequest draft;
  draft.mutable_draft()->set_nomination_id("scope-test-draft");
  draft.mutable_draft()->set_authority_id(kTanLap);
  EXPECT_EQ((CommandFor<v1::DraftNominationResponse>(
                *ClientFor("clerk-phu-thinh"), "award.v1.Nominations.DraftNomination", draft)),
            absl::StatusCode::kPermissionDenied);

  v1::OpenVotingRequest open;
  open.set_meeting_id(kMeeting);
  EXPECT_EQ((CommandFor<v1::OpenVotingResponse>(*ClientFor("secretary-phu-thinh"),
                                                "award.v1.Council.OpenVoting", open)),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ((CommandFor<v1::OpenVotingResponse>(*ClientFor("secretary-tan-lap"),
                                                "award.v1.Council.OpenVoting", open)),
            absl::StatusCode::kFailedPrecondition);

  v1::RevokeDecisionRequest revoke;
  revoke.set_decision_id("no-such-decision");
  revoke.set_authority_id(kTanLap);
  EXPECT_EQ((CommandFor<v1::RevokeDecisionResponse>(*ClientFor("chair-phu-thinh"),
                                                    "award.v1.Decisions.RevokeDecision", revoke)),
            absl::StatusCode::kPermissionDenied);
  EXPECT_NE((CommandFor<v1::RevokeDecisionResponse>(*ClientFor("chair-tan-lap"),
                                                    "award.v1.Decisions.RevokeDecision", revoke)),
            absl::StatusCode::kPermissionDenied);
}

// The province's office keeps its communes' entries in the registry; a
// top-level entry needs an appraiser whose grant holds everywhere; a campaign
// is its authority's own. Those let in reach the state machine, which refuses
// the incomplete requests: nothing is recorded.
TEST_F(SecuredAwarddTest, TheRegistryIsKeptFromAboveAndACampaignByItsAuthority) {
  auto register_under = [](const std::string& parent) {
    v1::RegisterAuthorityRequest request;
    request.mutable_authority()->set_authority_id("scope-test-authority");
    request.mutable_authority()->set_parent_id(parent);
    return request;
  };
  const std::string register_method = "award.v1.Nominations.RegisterAuthority";
  EXPECT_EQ((CommandFor<v1::RegisterAuthorityResponse>(*ClientFor("appraiser-tan-lap"),
                                                       register_method, register_under(kLamSon))),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ((CommandFor<v1::RegisterAuthorityResponse>(*ClientFor("appraiser-lam-son"),
                                                       register_method, register_under(kLamSon))),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((CommandFor<v1::RegisterAuthorityResponse>(*ClientFor("appraiser-lam-son"),
                                                       register_method, register_under(""))),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ((CommandFor<v1::RegisterAuthorityResponse>(*ClientFor("appraiser-person"),
                                                       register_method, register_under(""))),
            absl::StatusCode::kInvalidArgument);

  v1::RenameAuthorityRequest rename;
  rename.set_authority_id(kTanLap);
  v1::MergeAuthorityRequest merge;
  merge.set_authority_id(kTanLap);
  v1::DissolveAuthorityRequest dissolve;
  dissolve.set_authority_id(kTanLap);
  for (const std::string appraiser : {"appraiser-tan-lap", "appraiser-lam-son"}) {
    const absl::StatusCode expected = appraiser == "appraiser-lam-son"
                                          ? absl::StatusCode::kInvalidArgument
                                          : absl::StatusCode::kPermissionDenied;
    const std::unique_ptr<ctl::PlatformClient> client = ClientFor(appraiser);
    EXPECT_EQ((CommandFor<v1::RenameAuthorityResponse>(
                  *client, "award.v1.Nominations.RenameAuthority", rename)),
              expected)
        << appraiser;
    EXPECT_EQ((CommandFor<v1::MergeAuthorityResponse>(
                  *client, "award.v1.Nominations.MergeAuthority", merge)),
              expected)
        << appraiser;
    EXPECT_EQ((CommandFor<v1::DissolveAuthorityResponse>(
                  *client, "award.v1.Nominations.DissolveAuthority", dissolve)),
              expected)
        << appraiser;
  }

  v1::LaunchCampaignRequest launch;
  launch.mutable_campaign()->set_campaign_id("scope-test-campaign");
  launch.mutable_campaign()->set_authority_id(kTanLap);
  EXPECT_EQ((CommandFor<v1::LaunchCampaignResponse>(*ClientFor("appraiser-lam-son"),
                                                    "award.v1.Nominations.LaunchCampaign", launch)),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ((CommandFor<v1::LaunchCampaignResponse>(*ClientFor("appraiser-tan-lap"),
                                                    "award.v1.Nominations.LaunchCampaign", launch)),
            absl::StatusCode::kInvalidArgument);
  v1::CloseCampaignRequest close;
  close.set_campaign_id(kCampaign);
  EXPECT_EQ((CommandFor<v1::CloseCampaignResponse>(*ClientFor("appraiser-lam-son"),
                                                   "award.v1.Nominations.CloseCampaign", close)),
            absl::StatusCode::kPermissionDenied);
  const absl::StatusCode closing = CommandFor<v1::CloseCampaignResponse>(
      *ClientFor("appraiser-tan-lap"), "award.v1.Nominations.CloseCampaign", close);
  EXPECT_TRUE(closing == absl::StatusCode::kInvalidArgument ||
              closing == absl::StatusCode::kFailedPrecondition)
      << closing;
}

TEST_F(SecuredAwarddTest, ACouncilMemberCastsOnlyItsOwnBallot) {
  v1::CastBallotRequest ballot;
  ballot.set_meeting_id(kMeeting);
  ballot.set_nomination_id(kNomination);
  ballot.set_member_id("tl-06");
  ballot.set_choice(v1::BALLOT_CHOICE_AGREE);
  EXPECT_EQ((CommandFor<v1::CastBallotResponse>(*ClientFor("tl-05"), "award.v1.Council.CastBallot",
                                                ballot)),
            absl::StatusCode::kPermissionDenied);
  ballot.set_member_id("tl-05");
  // Its own ballot is let in; the meeting's voting is closed.
  EXPECT_EQ((CommandFor<v1::CastBallotResponse>(*ClientFor("tl-05"), "award.v1.Council.CastBallot",
                                                ballot)),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace award
