// One random byte of one random file of a stopped store's data directory
// (table files, write-ahead logs, MANIFEST, OPTIONS) flipped, trial after trial:
// each trial ends in exactly one of
//   (a) open refuses, naming what is damaged;
//   (b) Verify names a position, an index entry or a table file;
//   (c) every event, every stream's answers and the digest are unchanged.
// Never "ok" with fewer events or other content.
//
// Two stores are damaged: one stopped cleanly (its log in table files) and the
// image a crash leaves (part in table files, part in the write-ahead log).
// Trials: 200, or AWARD_DAMAGE_TRIALS; the seed is printed, and
// AWARD_DAMAGE_SEED replays it.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "tests/support/events.h"
#include "tests/support/temp_dir.h"

namespace eventstore {
namespace {

namespace fs = std::filesystem;

uint64_t FromEnvironment(const char* name, uint64_t otherwise) {
  uint64_t value = 0;
  const char* text = std::getenv(name);
  return text != nullptr && absl::SimpleAtoi(text, &value) ? value : otherwise;
}

// What a store answers: the whole log, its digest, and each stream read whole
// with its info.
struct Answers {
  std::vector<RecordedEvent> log;
  LogDigest digest;
  std::map<std::string, std::vector<RecordedEvent>> streams;
  std::map<std::string, StreamInfo> infos;
};

absl::StatusOr<Answers> Read(EventStore& store) {
  Answers answers;
  for (uint64_t from = 0;;) {
    absl::StatusOr<ReadAllResult> page = store.ReadAll({from, Direction::kForward, 1000, {}});
    if (!page.ok()) return page.status();
    answers.log.insert(answers.log.end(), page->events.begin(), page->events.end());
    if (page->end_of_log) break;
    from = page->next_position;
  }
  absl::StatusOr<LogDigest> digest = store.Digest();
  if (!digest.ok()) return digest.status();
  answers.digest = *digest;
  for (const RecordedEvent& event : answers.log) answers.streams[event.stream];
  for (auto& [stream, events] : answers.streams) {
    absl::StatusOr<ReadStreamResult> read =
        store.ReadStream({stream, 0, Direction::kForward, 10'000});
    if (!read.ok()) return read.status();
    events = read->events;
    absl::StatusOr<StreamInfo> info = store.GetStreamInfo(stream);
    if (!info.ok()) return info.status();
    answers.infos[stream] = *info;
  }
  return answers;
}

// A few thousand events over forty streams, in appends of one to five events,
// some to two streams at once.
void Fill(EmbeddedEventStore& store, std::mt19937& random, int appends) {
  for (int i = 0; i < appends; ++i) {
    const int events = std::uniform_int_distribution<int>(1, 5)(random);
    AppendRequest request =
        award::testing::AppendTo(absl::StrCat("nomination-", random() % 40), ExpectedVersion::Any(),
                                 award::testing::NewEvents(events, "Filled"));
    if (i % 7 == 0) {
      request.streams.push_back({absl::StrCat("awardee-", random() % 10), ExpectedVersion::Any(),
                                 award::testing::NewEvents(1, "Awarded")});
    }
    ASSERT_TRUE(store.Append(request).ok());
  }
}

std::unique_ptr<EmbeddedEventStore> OpenOrDie(const std::string& dir) {
  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> store =
      OpenRocksDbEventStore({.data_dir = dir});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

struct Image {
  std::string dir;
  Answers truth;
};

// Stopped cleanly: everything in table files.
Image CleanImage(const std::string& dir, std::mt19937& random) {
  {
    std::unique_ptr<EmbeddedEventStore> store = OpenOrDie(dir);
    Fill(*store, random, 500);
    EXPECT_TRUE(store->Close().ok());
  }
  {
    std::unique_ptr<EmbeddedEventStore> store = OpenOrDie(dir);
    Fill(*store, random, 300);
    EXPECT_TRUE(store->Close().ok());
  }
  std::unique_ptr<EmbeddedEventStore> store = OpenOrDie(dir);
  absl::StatusOr<Answers> truth = Read(*store);
  EXPECT_TRUE(truth.ok()) << truth.status();
  return {dir, *truth};
}

// What a crash leaves: table files from an earlier stop, then the rest in the
// write-ahead log (the directory copied while the store is open and idle).
Image CrashImage(const std::string& scratch, const std::string& dir, std::mt19937& random) {
  {
    std::unique_ptr<EmbeddedEventStore> store = OpenOrDie(scratch);
    Fill(*store, random, 400);
    EXPECT_TRUE(store->Close().ok());
  }
  std::unique_ptr<EmbeddedEventStore> store = OpenOrDie(scratch);
  Fill(*store, random, 400);
  fs::copy(scratch, dir, fs::copy_options::recursive);
  absl::StatusOr<Answers> truth = Read(*store);
  EXPECT_TRUE(truth.ok()) << truth.status();
  return {dir, *truth};
}

bool Damageable(const fs::path& file) {
  const std::string name = file.filename().string();
  return fs::file_size(file) > 0 &&
         (file.extension() == ".sst" || file.extension() == ".log" ||
          absl::StartsWith(name, "MANIFEST-") || absl::StartsWith(name, "OPTIONS-"));
}

enum class Outcome { kOpenRefused, kVerifyNamed, kUnchanged };

// Damages a copy of `image` and says how the trial ended; a trial that ends in
// none of the three fails the test.
Outcome Trial(const Image& image, const std::string& dir, std::mt19937& random, std::string& what) {
  fs::copy(image.dir, dir, fs::copy_options::recursive);
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (Damageable(entry.path())) files.push_back(entry.path());
  }
  const fs::path file = files[random() % files.size()];
  const uint64_t offset = random() % fs::file_size(file);
  const char flip = static_cast<char>(1 + random() % 255);
  {
    std::fstream stream(file, std::ios::binary | std::ios::in | std::ios::out);
    stream.seekg(static_cast<std::streamoff>(offset));
    char byte = 0;
    stream.read(&byte, 1);
    byte = static_cast<char>(byte ^ flip);
    stream.seekp(static_cast<std::streamoff>(offset));
    stream.write(&byte, 1);
  }
  what = absl::StrCat(file.filename().string(), " byte ", offset, " ^ ",
                      static_cast<int>(static_cast<uint8_t>(flip)));

  absl::StatusOr<std::unique_ptr<EmbeddedEventStore>> opened =
      OpenRocksDbEventStore({.data_dir = dir});
  if (!opened.ok()) {
    const std::string message(opened.status().message());
    EXPECT_TRUE(absl::StrContains(message, file.filename().string()) ||
                absl::StrContains(message, "position") || absl::StrContains(message, "MANIFEST"))
        << what << ": open refused without naming what is damaged: " << opened.status();
    return Outcome::kOpenRefused;
  }
  EmbeddedEventStore& store = **opened;
  absl::StatusOr<VerifyReport> report = store.Verify({});
  EXPECT_TRUE(report.ok()) << what << ": " << report.status();
  if (report.ok() && !report->ok) {
    EXPECT_TRUE(report->first_bad_position.has_value() || !report->index_entry.empty() ||
                absl::StrContains(report->problem, ".sst"))
        << what << ": Verify found damage without naming where: " << report->problem;
    return Outcome::kVerifyNamed;
  }
  absl::StatusOr<Answers> answers = Read(store);
  EXPECT_TRUE(answers.ok()) << what << ": Verify said ok, then a read failed: " << answers.status();
  if (answers.ok()) {
    EXPECT_EQ(answers->log.size(), image.truth.log.size()) << what << ": Verify said ok";
    EXPECT_TRUE(answers->log == image.truth.log) << what << ": Verify said ok, the log differs";
    EXPECT_EQ(answers->digest, image.truth.digest) << what;
    EXPECT_TRUE(answers->streams == image.truth.streams) << what << ": a stream reads otherwise";
    EXPECT_TRUE(answers->infos == image.truth.infos) << what << ": a stream's info differs";
  }
  return Outcome::kUnchanged;
}

TEST(DamageCampaignTest, EveryFlippedByteIsRefusedNamedOrHarmless) {
  const uint64_t seed = FromEnvironment("AWARD_DAMAGE_SEED", std::random_device{}());
  const uint64_t trials = FromEnvironment("AWARD_DAMAGE_TRIALS", 200);
  std::cout << "damage campaign: seed " << seed << " (AWARD_DAMAGE_SEED to replay), " << trials
            << " trials" << std::endl;
  std::mt19937 random(static_cast<uint32_t>(seed));
  award::testing::TempDir dir;
  const std::vector<Image> images = {CleanImage(dir.Sub("clean"), random),
                                     CrashImage(dir.Sub("scratch"), dir.Sub("crash"), random)};
  for (const Image& image : images) ASSERT_GT(image.truth.log.size(), 2000u);

  std::map<Outcome, int> outcomes;
  for (uint64_t trial = 0; trial < trials && !::testing::Test::HasFailure(); ++trial) {
    const std::string trial_dir = dir.Sub(absl::StrCat("trial-", trial));
    std::string what;
    ++outcomes[Trial(images[trial % images.size()], trial_dir, random, what)];
    SCOPED_TRACE(what);
    fs::remove_all(trial_dir);
  }
  std::cout << "damage campaign: " << outcomes[Outcome::kOpenRefused] << " refused at open, "
            << outcomes[Outcome::kVerifyNamed] << " named by Verify, "
            << outcomes[Outcome::kUnchanged] << " provably unchanged" << std::endl;
}

}  // namespace
}  // namespace eventstore
