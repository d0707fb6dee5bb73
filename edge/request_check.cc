#include "edge/request_check.h"

#include <cstdint>
#include <limits>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "award/v1/text_options.pb.h"
#include "eventstore/errors.h"
#include "eventstore/validation.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace award::edge {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

// Deeper than any request of the platform nests; protobuf's own limit is 100.
constexpr int kMaxDepth = 32;

std::string Join(absl::string_view path, absl::string_view name) {
  return path.empty() ? std::string(name) : absl::StrCat(path, ".", name);
}

absl::Status CheckText(const FieldDescriptor& field, absl::string_view text,
                       const std::string& path) {
  const bool multiline = field.options().GetExtension(v1::multiline_text);
  for (size_t i = 0; i < text.size();) {
    const size_t at = i;
    const int32_t cp = eventstore::NextCodePoint(text, i);
    if (cp < 0) {
      return eventstore::InvalidField(path, absl::StrCat("is not valid UTF-8 at byte ", at));
    }
    const bool line_break = cp == '\n' || cp == '\r' || cp == '\t';
    if ((cp < 0x20 && !(multiline && line_break)) || (cp >= 0x7F && cp <= 0x9F)) {
      return eventstore::InvalidField(
          path, absl::StrFormat("holds the control character U+%04X at byte %d%s", cp, at,
                                line_break ? " (only free text may span lines)" : ""));
    }
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
      return eventstore::InvalidField(
          path, absl::StrFormat("holds the bidirectional control U+%04X at byte %d", cp, at));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckEnum(const FieldDescriptor& field, uint64_t raw, const std::string& path) {
  const int64_t value = static_cast<int64_t>(raw);
  if (value >= INT32_MIN && value <= INT32_MAX &&
      field.enum_type()->FindValueByNumber(static_cast<int>(value)) != nullptr) {
    return absl::OkStatus();
  }
  return eventstore::InvalidField(
      path, absl::StrCat(value, " is no value of ", field.enum_type()->full_name()));
}

// The wire type a field of this type is sent as, unpacked.
WireFormatLite::WireType WireTypeOf(const FieldDescriptor& field) {
  return WireFormatLite::WireTypeForFieldType(static_cast<WireFormatLite::FieldType>(field.type()));
}

class Walker {
 public:
  // Checks `bytes` as a message of `type` at `path` ("" for the request).
  absl::Status Message(const Descriptor& type, absl::string_view bytes, const std::string& path,
                       int depth) {
    if (depth > kMaxDepth) {
      return eventstore::InvalidField(Name(path),
                                      absl::StrCat("nests messages deeper than ", kMaxDepth));
    }
    CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                        static_cast<int>(bytes.size()));
    absl::flat_hash_map<int, int> seen;  // elements of each repeated field so far
    const auto malformed = [&] {
      return eventstore::InvalidField(
          Name(path), absl::StrCat("not a message of ", type.full_name(), " (malformed at byte ",
                                   in.CurrentPosition(), ")"));
    };
    while (in.CurrentPosition() < static_cast<int>(bytes.size())) {
      uint32_t tag = 0;
      // A broken or overlong varint, or field number 0.
      if (!ReadShortVarint(in, std::numeric_limits<uint32_t>::max(), tag) || tag == 0) {
        return malformed();
      }
      const int number = static_cast<int>(WireFormatLite::GetTagFieldNumber(tag));
      const WireFormatLite::WireType wire = WireFormatLite::GetTagWireType(tag);
      const FieldDescriptor* field = type.FindFieldByNumber(number);
      if (field == nullptr) {
        return eventstore::InvalidField(
            Name(path), absl::StrCat("field number ", number, " is not part of ", type.full_name(),
                                     " (a newer client than this server?)"));
      }
      const std::string field_path = Join(path, field->name());
      const auto element = [&] {
        return field->is_repeated() ? absl::StrCat(field_path, "[", seen[number]++, "]")
                                    : field_path;
      };
      if (wire == WireTypeOf(*field)) {
        if (absl::Status value = Value(*field, wire, in, element(), depth); !value.ok()) {
          return value;
        }
      } else if (wire == WireFormatLite::WIRETYPE_LENGTH_DELIMITED && field->is_packable()) {
        if (absl::Status packed = Packed(*field, in, field_path, element); !packed.ok()) {
          return packed;
        }
      } else {
        return eventstore::InvalidField(
            field_path, absl::StrCat("sent as wire type ", wire, ", which a field of type ",
                                     field->type_name(), " never is"));
      }
    }
    return absl::OkStatus();
  }

 private:
  static std::string Name(const std::string& path) { return path.empty() ? "request" : path; }

  static absl::Status Malformed(const std::string& path) {
    return eventstore::InvalidField(path, "malformed on the wire");
  }

  // A varint as protobuf's parser reads a tag or a length: at most five bytes,
  // at most `max`. CodedInputStream would also take a longer, overlong varint
  // (up to ten bytes, dropping the high bits), which the parser refuses: what
  // passes here must parse.
  static bool ReadShortVarint(CodedInputStream& in, uint64_t max, uint32_t& out) {
    const int before = in.CurrentPosition();
    uint64_t value = 0;  // 64 bits: ReadVarint32 would drop the high bits of a fifth byte
    if (!in.ReadVarint64(&value) || in.CurrentPosition() - before > 5 || value > max) {
      return false;
    }
    out = static_cast<uint32_t>(value);
    return true;
  }

  // A length, below 2 GiB.
  static bool ReadLength(CodedInputStream& in, uint32_t& length) {
    return ReadShortVarint(in, std::numeric_limits<int32_t>::max(), length);
  }

  // One value of `field`, sent as its own wire type.
  absl::Status Value(const FieldDescriptor& field, WireFormatLite::WireType wire,
                     CodedInputStream& in, const std::string& path, int depth) {
    switch (wire) {
      case WireFormatLite::WIRETYPE_VARINT: {
        uint64_t value = 0;
        if (!in.ReadVarint64(&value)) return Malformed(path);
        if (field.type() == FieldDescriptor::TYPE_ENUM) return CheckEnum(field, value, path);
        return absl::OkStatus();
      }
      case WireFormatLite::WIRETYPE_FIXED64: {
        uint64_t value = 0;
        return in.ReadLittleEndian64(&value) ? absl::OkStatus() : Malformed(path);
      }
      case WireFormatLite::WIRETYPE_FIXED32: {
        uint32_t value = 0;
        return in.ReadLittleEndian32(&value) ? absl::OkStatus() : Malformed(path);
      }
      case WireFormatLite::WIRETYPE_LENGTH_DELIMITED: {
        uint32_t length = 0;
        std::string bytes;
        if (!ReadLength(in, length) || !in.ReadString(&bytes, static_cast<int>(length))) {
          return Malformed(path);
        }
        if (field.type() == FieldDescriptor::TYPE_STRING) return CheckText(field, bytes, path);
        if (field.type() == FieldDescriptor::TYPE_MESSAGE) {
          return Message(*field.message_type(), bytes, path, depth + 1);
        }
        return absl::OkStatus();  // bytes: anything
      }
      default:
        return Malformed(path);  // groups: no field of the platform's is one
    }
  }

  // A packed run of a repeated scalar field; `element` names the next one.
  template <typename NextElement>
  absl::Status Packed(const FieldDescriptor& field, CodedInputStream& in, const std::string& path,
                      NextElement& element) {
    uint32_t length = 0;
    if (!ReadLength(in, length)) return Malformed(path);
    const CodedInputStream::Limit limit = in.PushLimit(static_cast<int>(length));
    if (in.BytesUntilLimit() != static_cast<int>(length)) return Malformed(path);
    const WireFormatLite::WireType wire = WireTypeOf(field);
    while (in.BytesUntilLimit() > 0) {
      if (absl::Status value = Value(field, wire, in, element(), 0); !value.ok()) return value;
    }
    in.PopLimit(limit);
    return absl::OkStatus();
  }
};

}  // namespace

absl::Status CheckRequest(const Descriptor& type, absl::string_view bytes) {
  return Walker().Message(type, bytes, "", 0);
}

}  // namespace award::edge
