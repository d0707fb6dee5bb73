// The one check every server of the platform makes of every request before a
// handler sees it (checked_service.h runs it on the bytes as they arrive). It
// is driven by the request's descriptor alone, so a new field or a new RPC is
// covered without new code:
//
// * the bytes decode as a message of the method's type, with no field the API
//   does not define, each field on the wire as its type is;
// * every enum value, singular, repeated or packed, is one its enum defines;
// * every string is valid UTF-8 holding no control character (U+0000-U+001F,
//   U+007F-U+009F; a field marked multiline_text may hold line feeds, carriage
//   returns and tabs) and no bidirectional embedding, override or isolate
//   (U+202A-U+202E, U+2066-U+2069), which could make a name read otherwise
//   than it is recorded.
//
// A refusal is INVALID_ARGUMENT "<field>: <problem>" with the field attached
// (eventstore/errors.h), e.g. "draft.nominee.full_name: holds the control
// character U+0000 at byte 6", "items[2].basis: 17 is no value of
// award.v1.NominationBasis", "request: not a message of
// award.v1.DraftNominationRequest (malformed at byte 9)".
#ifndef AWARD_EDGE_REQUEST_CHECK_H_
#define AWARD_EDGE_REQUEST_CHECK_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace award::edge {

absl::Status CheckRequest(const google::protobuf::Descriptor& type, absl::string_view bytes);

}  // namespace award::edge

#endif  // AWARD_EDGE_REQUEST_CHECK_H_
