#include "meta/names.h"

#include <cstdio>
#include <ctime>

#include "meta/utf8.h"

namespace mb::meta {

namespace {

// Go's unicode.IsSpace.
bool is_unicode_space(char32_t rune) {
  switch (rune) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return rune >= 0x2000 && rune <= 0x200A;
  }
}

bool is_ascii_letter(char32_t rune) { return (rune >= 'A' && rune <= 'Z') || (rune >= 'a' && rune <= 'z'); }
bool is_ascii_digit(char32_t rune) { return rune >= '0' && rune <= '9'; }

std::string describe_rune(const DecodedRune& decoded, std::string_view text, size_t pos) {
  char buffer[32];
  if (!decoded.valid) {
    std::snprintf(buffer, sizeof buffer, "invalid UTF-8 byte 0x%02X", static_cast<unsigned char>(text[pos]));
  } else if (decoded.rune == 0) {
    return "NUL";
  } else if (decoded.rune < 0x20 || (decoded.rune >= 0x7F && decoded.rune <= 0x9F)) {
    std::snprintf(buffer, sizeof buffer, "control character U+%04X", unsigned(decoded.rune));
  } else {
    std::string quoted = "'";
    quoted.append(text.substr(pos, decoded.size));
    quoted += '\'';
    return quoted;
  }
  return buffer;
}

Error backup_name_error(std::string message, std::string_view name) {
  return Error(ErrorCode::kInvalidArgument, std::move(message)).with("name", std::string(name));
}

std::string timestamped_id(std::string_view prefix, std::chrono::system_clock::time_point now) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(now);
  const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(now - seconds).count();
  const std::time_t time = std::chrono::system_clock::to_time_t(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%.*s_%04d_%02d_%02d_%02d_%02d_%02d_%lld", int(prefix.size()), prefix.data(),
                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<long long>(nanos));
  return buffer;
}

}  // namespace

Status validate_backup_name(std::string_view name) {
  if (name.empty()) return fail(backup_name_error("backup name should not be empty", name));

  for (size_t pos = 0; pos < name.size();) {
    const DecodedRune decoded = decode_utf8(name, pos);
    if (decoded.valid && is_unicode_space(decoded.rune)) {
      return fail(backup_name_error("backup name should not contain whitespace", name)
                      .with("character", describe_rune(decoded, name, pos))
                      .with("byte", std::to_string(pos)));
    }
    pos += decoded.size;
  }

  if (name.size() > kMaxBackupNameLength) {
    return fail(backup_name_error("backup name length should not exceed " + std::to_string(kMaxBackupNameLength), name)
                    .with("length", std::to_string(name.size())));
  }

  const DecodedRune first = decode_utf8(name, 0);
  if (!first.valid || (first.rune != '_' && !is_ascii_letter(first.rune))) {
    return fail(backup_name_error("backup name should start with an underscore or letter", name)
                    .with("character", describe_rune(first, name, 0)));
  }

  for (size_t pos = 0; pos < name.size();) {
    const DecodedRune decoded = decode_utf8(name, pos);
    if (!decoded.valid || (decoded.rune != '_' && !is_ascii_letter(decoded.rune) && !is_ascii_digit(decoded.rune))) {
      return fail(backup_name_error("backup name should only contain numbers, letters and underscores", name)
                      .with("character", describe_rune(decoded, name, pos))
                      .with("byte", std::to_string(pos)));
    }
    pos += decoded.size;
  }
  return {};
}

std::string auto_backup_name(std::chrono::system_clock::time_point now) { return timestamped_id("backup", now); }

std::string auto_restore_id(std::chrono::system_clock::time_point now) { return timestamped_id("restore", now); }

Status validate_key_part(std::string_view value, std::string_view what) {
  auto invalid = [&](std::string problem) {
    return fail(Error(ErrorCode::kInvalidArgument, std::string(what) + " " + problem).with("value", std::string(value)));
  };
  if (value.empty()) return invalid("is empty");
  if (value.front() == '/') return invalid("must not start with '/'");

  size_t segment_start = 0;
  for (size_t pos = 0; pos <= value.size();) {
    if (pos == value.size() || value[pos] == '/') {
      if (value.substr(segment_start, pos - segment_start) == "..") {
        return invalid("must not contain a \"..\" path segment (at byte " + std::to_string(segment_start) + ")");
      }
      segment_start = pos + 1;
      ++pos;
      continue;
    }
    const DecodedRune decoded = decode_utf8(value, pos);
    const bool control = decoded.rune < 0x20 || (decoded.rune >= 0x7F && decoded.rune <= 0x9F);
    if (!decoded.valid || control) {
      return invalid("must not contain " + describe_rune(decoded, value, pos) + " (at byte " + std::to_string(pos) + ")");
    }
    pos += decoded.size;
  }
  return {};
}

}  // namespace mb::meta
