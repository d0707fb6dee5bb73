// awardctl import-prior: the archive of paper decisions, from a CSV file with
// one awardee a line, into the platform (award.v1.Decisions.RecordPriorAward).
//
//   authority_id,number_text,decision_date,signer_name,signer_title,scan_sha256,
//   awardee_id,nominee_name,subject_type,kind,first_year,last_year,basis,
//   amount_paid_vnd[,achievement_ids][,decision_id]
//
// UTF-8, with or without a byte-order mark; the first line names the columns,
// in any order. Dates are YYYY-MM-DD, the SHA-256 is hex, enums are their
// names with or without their prefix (INDIVIDUAL, CSTD_CO_SO, MERIT),
// achievement ids are separated by ';'. Without a decision_id column, a
// decision's id is made from its authority, year and number.
//
// The file is read as a stream: lines go to a few workers, those of one
// decision always to the same one, in file order, so that a decision's first
// line brings its header. Each line's request id is the SHA-256 of its content,
// and a line recorded before is answered as such: a second run over the same
// file records nothing twice. Every refused line is reported with its number,
// the column at fault and the reason; a progress line is printed as it goes.
#ifndef AWARD_TOOLS_AWARDCTL_PRIOR_IMPORT_H_
#define AWARD_TOOLS_AWARDCTL_PRIOR_IMPORT_H_

#include <cstdint>
#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "award/v1/decisions_service.pb.h"
#include "tools/awardctl/platform_client.h"

namespace award::ctl {

// A line refused, and why.
struct LineError {
  int64_t line = 0;
  std::string column;  // the column at fault, "-" when none is
  std::string reason;
};

// The fields of one CSV record (RFC 4180 quoting: "a, b" and "say ""x"""). A
// quoted field does not span lines. INVALID_ARGUMENT, with `error` naming the
// 1-based column where the record breaks.
absl::StatusOr<std::vector<std::string>> ParseCsvRecord(std::string_view line, LineError& error);

// The request a data line asks for, from the header's columns; a LineError
// (with line 0) naming the column when a value does not parse.
struct PriorLine {
  std::string decision_id;
  v1::RecordPriorAwardRequest request;  // without its meta
  std::string request_id;               // "import-" and the SHA-256 of the line's content
};
absl::StatusOr<PriorLine> ParsePriorLine(const std::map<std::string, size_t>& columns,
                                         const std::vector<std::string>& fields, LineError& error);

struct ImportOptions {
  std::string actor;
  int workers = 32;
  absl::Duration progress_every = absl::Seconds(2);
};

struct ImportSummary {
  int64_t lines = 0;  // data lines read
  int64_t recorded = 0;
  int64_t already_recorded = 0;
  int64_t refused = 0;
  absl::Duration took;
};

// Imports `csv`, writing a progress line to `progress` every so often and each
// refused line to `errors` as "line N, column C: reason". INVALID_ARGUMENT
// when the header lacks a required column (nothing is imported then).
absl::StatusOr<ImportSummary> ImportPriorDecisions(const PlatformClient& client, std::istream& csv,
                                                   const ImportOptions& options,
                                                   std::ostream& progress, std::ostream& errors);

}  // namespace award::ctl

#endif  // AWARD_TOOLS_AWARDCTL_PRIOR_IMPORT_H_
