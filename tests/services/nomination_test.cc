// The nomination aggregate through the aggregate repository on a real embedded
// event store, with the shipped rule sets: from draft to appraisal.
#include "services/nominations/domain/nomination.h"

#include <memory>
#include <string>
#include <vector>

#include "eventstore/errors.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "services/common/aggregate_repository.h"
#include "services/nominations/domain/awardee_id.h"
#include "tests/support/events.h"
#include "tests/support/store_fixture.h"

namespace award::nominations {
namespace {

using absl::CivilDay;

v1::DossierDocument Document(v1::DocumentKind kind, char fill) {
  v1::DossierDocument document;
  document.set_kind(kind);
  document.set_title(v1::DocumentKind_Name(kind));
  document.set_sha256(std::string(32, fill));
  document.set_size_bytes(1000);
  document.set_media_type("application/pdf");
  document.set_location("vanban://ubnd-xa-1/2025/" + std::string(1, fill));
  return document;
}

class NominationTest : public award::testing::EmbeddedStoreFixture {
 protected:
  void SetUp() override {
    absl::StatusOr<RuleBook> rules = RuleBook::LoadDirectory(AWARD_RULES_DIR);
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = std::make_unique<RuleBook>(*std::move(rules));
    award::testing::EmbeddedStoreFixture::SetUp();
    if (HasFatalFailure()) return;
    repository_ = std::make_unique<AggregateRepository<NominationAggregate>>(*store_);
  }

  v1::NominationDrafted Draft(v1::AwardKind kind, v1::Rating rating = v1::RATING_GOOD) {
    v1::NominationDrafted draft;
    draft.set_nomination_id("2025-0001");
    draft.set_authority_id("ubnd-xa-tan-lap");
    draft.set_proposer_unit("truong-tieu-hoc-tan-lap");
    v1::Nominee* nominee = draft.mutable_nominee();
    nominee->set_subject_type(v1::SUBJECT_TYPE_INDIVIDUAL);
    nominee->set_awardee_id(*AwardeeId(v1::SUBJECT_TYPE_INDIVIDUAL, "001085012345"));
    nominee->set_full_name("Nguyễn Thị Hoa");
    nominee->set_position("giáo viên");
    nominee->set_direct_worker(true);
    draft.set_kind(kind);
    draft.mutable_period()->set_year(2025);
    draft.set_basis(v1::BASIS_MERIT);
    draft.set_achievement_summary("Hoàn thành tốt nhiệm vụ năm 2025");
    v1::YearRecord* year = draft.add_years();
    year->set_year(2025);
    year->set_rating(rating);
    return draft;
  }

  template <typename Decide>
  absl::Status Run(const std::string& request, Decide&& decide) {
    return repository_
        ->Execute(NominationStream("2025-0001"), {"clerk:le.van.c", request, "", ""},
                  std::forward<Decide>(decide))
        .status();
  }

  Nomination Load() {
    absl::StatusOr<AggregateRepository<NominationAggregate>::Loaded> loaded =
        repository_->Load(NominationStream("2025-0001"));
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? loaded->state : Nomination{};
  }

  absl::Status Start(const v1::NominationDrafted& draft, std::vector<v1::DocumentKind> documents) {
    AWARD_RETURN_IF_ERROR(Run("draft", [&](const Nomination& n) {
      return DecideDraft(n, draft, *rules_, CivilDay(2025, 11, 20));
    }));
    char fill = 'a';
    for (v1::DocumentKind kind : documents) {
      AWARD_RETURN_IF_ERROR(Run(std::string("attach-") + fill, [&, fill](const Nomination& n) {
        return DecideAttachDocument(n, Document(kind, fill));
      }));
      ++fill;
    }
    return absl::OkStatus();
  }

  absl::Status Submit(std::optional<std::string> proceeding = std::nullopt,
                      CivilDay received = CivilDay(2025, 12, 1)) {
    return Run("submit", [&](const Nomination& n) {
      return DecideSubmit(n, received, *rules_, {}, proceeding);
    });
  }

  const std::vector<v1::DocumentKind> kTitleDossier = {v1::DOCUMENT_KIND_SUBMISSION_MEMO,
                                                       v1::DOCUMENT_KIND_ACHIEVEMENT_REPORT,
                                                       v1::DOCUMENT_KIND_REVIEW_MINUTES};

  std::unique_ptr<RuleBook> rules_;
  std::unique_ptr<AggregateRepository<NominationAggregate>> repository_;
  const WorkingDayCalendar calendar_{{.years = {2025, 2026}}};  // weekends only
};

TEST_F(NominationTest, ADraftWithItsDossierIsSubmittedAndPassesAppraisal) {
  ASSERT_TRUE(Start(Draft(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN), kTitleDossier).ok());
  ASSERT_TRUE(Submit().ok());
  EXPECT_EQ(Load().status.state, NominationState::kSubmitted);
  EXPECT_EQ(Load().rule_set_version, "D152-2025");
  absl::Status appraised = Run(
      "appraise", [&](const Nomination& n) { return DecideAppraise(n, true, "đạt", *rules_, {}); });
  ASSERT_TRUE(appraised.ok()) << appraised;
  const Nomination nomination = Load();
  EXPECT_EQ(nomination.status.state, NominationState::kAppraised);
  EXPECT_EQ(nomination.documents.size(), 3u);
  EXPECT_EQ(nomination.draft.nominee().full_name(), "Nguyễn Thị Hoa");
}

TEST_F(NominationTest, SubmissionNamesTheDocumentsTheRuleSetRequires) {
  ASSERT_TRUE(
      Start(Draft(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN), {v1::DOCUMENT_KIND_SUBMISSION_MEMO}).ok());
  absl::Status submitted = Submit();
  EXPECT_EQ(submitted.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(submitted.message().find("DOCUMENT_KIND_ACHIEVEMENT_REPORT"), absl::string_view::npos)
      << submitted;
  EXPECT_NE(submitted.message().find("DOCUMENT_KIND_REVIEW_MINUTES"), absl::string_view::npos);
  EXPECT_EQ(Load().status.state, NominationState::kDraft);
}

TEST_F(NominationTest, ADossierReceivedBeforeAnyRuleSetIsNotJudged) {
  ASSERT_TRUE(Start(Draft(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN), kTitleDossier).ok());
  EXPECT_EQ(Submit(std::nullopt, CivilDay(2023, 12, 31)).code(), absl::StatusCode::kNotFound);
}

TEST_F(NominationTest, AFailedEligibilityRuleIsNamedAtSubmission) {
  std::vector<v1::DocumentKind> dossier = kTitleDossier;
  dossier.push_back(v1::DOCUMENT_KIND_INITIATIVE_CERTIFICATION);
  ASSERT_TRUE(Start(Draft(v1::AWARD_KIND_CSTD_CO_SO, v1::RATING_GOOD), dossier).ok());
  absl::Status submitted = Submit();
  EXPECT_EQ(submitted.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(submitted.message().find("R3: in 2025 neither rated excellent"),
            absl::string_view::npos)
      << submitted;
}

TEST_F(NominationTest, E16AnOpenInspectionSuspendsTheSubmissionUntilItIsConcluded) {
  ASSERT_TRUE(Start(Draft(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN), kTitleDossier).ok());
  ASSERT_TRUE(Submit("thanh tra 12/QĐ-TTr").ok());
  EXPECT_EQ(Load().status,
            (NominationStatus{NominationState::kSuspended, NominationState::kSubmitted}));
  ASSERT_TRUE(Run("resume", [](const Nomination& n) {
                return DecideResume(n, "kết luận thanh tra 30/KL-TTr");
              }).ok());
  EXPECT_EQ(Load().status.state, NominationState::kSubmitted);
}

TEST_F(NominationTest, ASupplementIsDueInWorkingDaysAndReopensTheDossier) {
  ASSERT_TRUE(Start(Draft(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN), kTitleDossier).ok());
  ASSERT_TRUE(Submit().ok());
  EXPECT_EQ(Run("attach-late",
                [](const Nomination& n) {
                  return DecideAttachDocument(n, Document(v1::DOCUMENT_KIND_OTHER, 'z'));
                })
                .code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(Run("supplement", [&](const Nomination& n) {
                return DecideRequestSupplement(n, {"thiếu xác nhận của thủ trưởng"}, 10, calendar_,
                                               CivilDay(2025, 12, 5));
              }).ok());
  const Nomination returned = Load();
  EXPECT_EQ(returned.status.state, NominationState::kSupplementRequested);
  EXPECT_EQ(ToCivilDay(returned.supplement_due), CivilDay(2025, 12, 19));
  ASSERT_TRUE(Run("attach-z", [](const Nomination& n) {
                return DecideAttachDocument(n, Document(v1::DOCUMENT_KIND_OTHER, 'z'));
              }).ok());
  ASSERT_TRUE(Run("resubmit", [&](const Nomination& n) {
                return DecideSubmit(n, CivilDay(2025, 12, 15), *rules_, {}, std::nullopt);
              }).ok());
  EXPECT_EQ(Load().status.state, NominationState::kSubmitted);
}

TEST_F(NominationTest, AFailedAppraisalKeepsItsReasonsAndMayBeWithdrawn) {
  ASSERT_TRUE(Start(Draft(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN), kTitleDossier).ok());
  ASSERT_TRUE(Submit().ok());
  EXPECT_EQ(Run("fail-silent",
                [&](const Nomination& n) { return DecideAppraise(n, false, "", *rules_, {}); })
                .code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(Run("fail", [&](const Nomination& n) {
                return DecideAppraise(n, false, "báo cáo thành tích không có xác nhận", *rules_,
                                      {});
              }).ok());
  EXPECT_EQ(Load().status.state, NominationState::kAppraisalFailed);
  ASSERT_TRUE(Run("withdraw", [](const Nomination& n) { return DecideWithdraw(n, "rút"); }).ok());
  EXPECT_EQ(Load().status.state, NominationState::kWithdrawn);
}

TEST_F(NominationTest, BadDraftsAreRefused) {
  v1::NominationDrafted nameless = Draft(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN);
  nameless.mutable_nominee()->clear_full_name();
  absl::Status refused = Run("draft", [&](const Nomination& n) {
    return DecideDraft(n, nameless, *rules_, CivilDay(2025, 11, 20));
  });
  EXPECT_EQ(eventstore::ErrorField(refused), "nominee.full_name") << refused;

  v1::NominationDrafted household_title = Draft(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN);
  household_title.mutable_nominee()->set_subject_type(v1::SUBJECT_TYPE_HOUSEHOLD);
  EXPECT_EQ(Run("draft",
                [&](const Nomination& n) {
                  return DecideDraft(n, household_title, *rules_, CivilDay(2025, 11, 20));
                })
                .code(),
            absl::StatusCode::kFailedPrecondition);

  ASSERT_TRUE(Start(Draft(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN), {}).ok());
  EXPECT_EQ(Run("draft-again",
                [&](const Nomination& n) {
                  return DecideDraft(n, Draft(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN), *rules_,
                                     CivilDay(2025, 11, 20));
                })
                .code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(NominationTest, AnUnknownEventInTheStreamIsDataLoss) {
  ASSERT_TRUE(Start(Draft(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN), {}).ok());
  ASSERT_TRUE(store_
                  ->Append(award::testing::AppendTo(NominationStream("2025-0001"),
                                                    eventstore::ExpectedVersion::Any(),
                                                    {award::testing::NewEvent("Mystery")}))
                  .ok());
  EXPECT_EQ(repository_->Load(NominationStream("2025-0001")).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(AwardeeIdTest, TheSameIdentityAlwaysGivesTheSameIdAndNoPersonalData) {
  absl::StatusOr<std::string> id = AwardeeId(v1::SUBJECT_TYPE_INDIVIDUAL, "001085012345");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, *AwardeeId(v1::SUBJECT_TYPE_INDIVIDUAL, "001085012345"));
  EXPECT_EQ(id->size(), 22u);
  EXPECT_EQ(id->substr(0, 2), "i-");
  EXPECT_EQ(id->find("001085012345"), std::string::npos);
  EXPECT_NE(*id, *AwardeeId(v1::SUBJECT_TYPE_INDIVIDUAL, "001085012346"));
  EXPECT_NE(id->substr(2), AwardeeId(v1::SUBJECT_TYPE_HOUSEHOLD, "001085012345")->substr(2));
  EXPECT_EQ(eventstore::ErrorField(AwardeeId(v1::SUBJECT_TYPE_COLLECTIVE, "").status()),
            "identity");
}

}  // namespace
}  // namespace award::nominations
