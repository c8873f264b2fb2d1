#include "meta/meta_json.h"

#include <charconv>
#include <concepts>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "meta/base64_decode.h"
#include "meta/go_json_writer.h"
#include "util/digest.h"
#include "util/json_parse.h"

namespace mb::meta {

namespace {

// Decoding keeps the members in document order, which decides between keys that differ in case.
using json = nlohmann::ordered_json;

// Go's json tags: `omitempty` on nearly every field; a few were hand-edited to always appear.
enum class Presence { kOmitEmpty, kAlways };

// A std::string of raw bytes that the JSON carries as base64 text.
template <class Bytes>
struct Base64Text {
  Bytes& bytes;
};
template <class Bytes>
Base64Text(Bytes&) -> Base64Text<Bytes>;

// The `{"infos":[...]}` wrapper of the level files. Encoding views the caller's list; decoding
// fills a vector.
template <class List>
struct LevelInfos {
  List infos;
};

// One `fields` overload per message lists its JSON keys in proto field order. The visitor is the
// encoder (S const) or the decoder (S mutable).
template <class S, class Message>
concept FieldsOf = std::same_as<std::remove_const_t<S>, Message>;

template <class V, FieldsOf<KeyValuePair> S>
void fields(V& v, S& s) {
  v("key", s.key);
  v("value", s.value);
}

template <class V, FieldsOf<Binlog> S>
void fields(V& v, S& s) {
  v("entries_num", s.entries_num);
  v("timestamp_from", s.timestamp_from);
  v("timestamp_to", s.timestamp_to);
  v("log_path", s.log_path);
  v("log_size", s.log_size, Presence::kAlways);
  v("log_id", s.log_id);
}

template <class V, FieldsOf<FieldBinlog> S>
void fields(V& v, S& s) {
  v("fieldID", s.field_id);
  v("binlogs", s.binlogs);
}

template <class V, FieldsOf<SegmentBackupInfo> S>
void fields(V& v, S& s) {
  v("segment_id", s.segment_id);
  v("collection_id", s.collection_id);
  v("partition_id", s.partition_id);
  v("num_of_rows", s.num_of_rows);
  v("binlogs", s.binlogs);
  v("statslogs", s.statslogs);
  v("deltalogs", s.deltalogs);
  v("size", s.size, Presence::kAlways);
  v("group_id", s.group_id);
  v("backuped", s.backuped);
  v("is_l0", s.is_l0);
  v("v_channel", s.v_channel);
  v("storage_version", s.storage_version);
}

template <class V, FieldsOf<PartitionBackupInfo> S>
void fields(V& v, S& s) {
  v("partition_id", s.partition_id);
  v("partition_name", s.partition_name);
  v("collection_id", s.collection_id);
  v("segment_backups", s.segment_backups);
  v("size", s.size, Presence::kAlways);
  v("load_state", s.load_state);
}

template <class V, FieldsOf<IndexInfo> S>
void fields(V& v, S& s) {
  v("field_name", s.field_name);
  v("index_name", s.index_name);
  v("index_type", s.index_type);
  v("params", s.params);
  v("index_id", s.index_id);
  v("field_id", s.field_id);
  v("create_time", s.create_time);
  v("type_params", s.type_params);
  v("index_params", s.index_params);
  v("user_index_params", s.user_index_params);
  v("is_auto_index", s.is_auto_index);
  v("min_index_version", s.min_index_version);
  v("max_index_version", s.max_index_version);
}

template <class V, FieldsOf<FieldSchema> S>
void fields(V& v, S& s) {
  v("fieldID", s.field_id);
  v("name", s.name);
  v("is_primary_key", s.is_primary_key);
  v("description", s.description);
  v("data_type", s.data_type);
  v("type_params", s.type_params);
  v("index_params", s.index_params);
  v("autoID", s.auto_id);
  v("state", s.state);
  v("element_type", s.element_type);
  v("is_dynamic", s.is_dynamic);
  v("is_partition_key", s.is_partition_key);
  v("nullable", s.nullable);
  v("default_value_proto", s.default_value_proto);
  v("is_function_output", s.is_function_output);
  v("default_value_base64", Base64Text{s.default_value});
}

template <class V, FieldsOf<FunctionSchema> S>
void fields(V& v, S& s) {
  v("name", s.name);
  v("id", s.id);
  v("description", s.description);
  v("type", s.type);
  v("input_field_names", s.input_field_names);
  v("input_field_ids", s.input_field_ids);
  v("output_field_names", s.output_field_names);
  v("output_field_ids", s.output_field_ids);
  v("params", s.params);
}

template <class V, FieldsOf<StructArrayFieldSchema> S>
void fields(V& v, S& s) {
  v("fieldID", s.field_id);
  v("name", s.name);
  v("description", s.description);
  v("fields", s.fields);
}

template <class V, FieldsOf<CollectionSchema> S>
void fields(V& v, S& s) {
  v("name", s.name);
  v("description", s.description);
  v("autoID", s.auto_id);
  v("fields", s.fields);
  v("enable_dynamic_field", s.enable_dynamic_field);
  v("properties", s.properties);
  v("functions", s.functions);
  v("struct_array_fields", s.struct_array_fields);
}

template <class V, FieldsOf<SnapshotBackupInfo> S>
void fields(V& v, S& s) {
  v("metadata_path", s.metadata_path);
  v("total_files", s.total_files);
  v("total_bytes", s.total_bytes);
}

template <class V, FieldsOf<CollectionBackupInfo> S>
void fields(V& v, S& s) {
  v("id", s.id);
  v("collection_id", s.collection_id);
  v("db_name", s.db_name);
  v("collection_name", s.collection_name);
  v("schema", s.schema);
  v("shards_num", s.shards_num);
  v("consistency_level", s.consistency_level);
  v("partition_backups", s.partition_backups);
  v("backup_timestamp", s.backup_timestamp);
  v("size", s.size, Presence::kAlways);
  v("has_index", s.has_index, Presence::kAlways);
  v("index_infos", s.index_infos);
  v("load_state", s.load_state);
  v("backup_physical_timestamp", s.backup_physical_timestamp);
  v("channel_checkpoints", s.channel_checkpoints);
  v("l0_segments", s.l0_segments);
  v("properties", s.properties);
  v("db_id", s.db_id);
  v("created_timestamp", s.created_timestamp);
  v("virtual_channel_names", s.virtual_channel_names);
  v("physical_channel_names", s.physical_channel_names);
  v("aliases", s.aliases);
  v("snapshot_backup", s.snapshot_backup);
}

template <class V, FieldsOf<DatabaseBackupInfo> S>
void fields(V& v, S& s) {
  v("db_name", s.db_name);
  v("db_id", s.db_id);
  v("properties", s.properties);
  v("ezk", s.ezk);
}

template <class V, FieldsOf<RoleEntity> S>
void fields(V& v, S& s) {
  v("name", s.name);
}

template <class V, FieldsOf<UserEntity> S>
void fields(V& v, S& s) {
  v("name", s.name);
}

template <class V, FieldsOf<ObjectEntity> S>
void fields(V& v, S& s) {
  v("name", s.name);
}

template <class V, FieldsOf<PrivilegeEntity> S>
void fields(V& v, S& s) {
  v("name", s.name);
}

template <class V, FieldsOf<GrantorEntity> S>
void fields(V& v, S& s) {
  v("user", s.user);
  v("privilege", s.privilege);
}

template <class V, FieldsOf<GrantEntity> S>
void fields(V& v, S& s) {
  v("role", s.role);
  v("object", s.object);
  v("object_name", s.object_name);
  v("grantor", s.grantor);
  v("db_name", s.db_name);
}

template <class V, FieldsOf<PrivilegeGroupInfo> S>
void fields(V& v, S& s) {
  v("group_name", s.group_name);
  v("privileges", s.privileges);
}

template <class V, FieldsOf<UserInfo> S>
void fields(V& v, S& s) {
  v("user", s.user);
  v("password", s.password);
  v("roles", s.roles);
}

template <class V, FieldsOf<RbacMeta> S>
void fields(V& v, S& s) {
  v("users", s.users);
  v("roles", s.roles);
  v("grants", s.grants);
  v("privilege_groups", s.privilege_groups);
}

template <class V, FieldsOf<RpcChannelInfo> S>
void fields(V& v, S& s) {
  v("name", s.name);
  v("position", s.position);
}

template <class V, FieldsOf<BackupInfo> S>
void fields(V& v, S& s) {
  v("id", s.id);
  v("state_code", s.state_code, Presence::kAlways);
  v("errorMessage", s.error_message);
  v("start_time", s.start_time);
  v("end_time", s.end_time);
  v("progress", s.progress);
  v("name", s.name);
  v("backup_timestamp", s.backup_timestamp);
  v("collection_backups", s.collection_backups);
  v("size", s.size, Presence::kAlways);
  v("milvus_version", s.milvus_version);
  v("rbac_meta", s.rbac_meta);
  v("rpc_channel_info", s.rpc_channel_info);
  v("database_backups", s.database_backups);
  v("flush_all_msgs_base64", s.flush_all_msgs_base64);
  v("control_channel_name", s.control_channel_name);
  v("physical_channel_names", s.physical_channel_names);
  v("format", s.format);
}

template <class V, class S>
  requires requires(S& s) { s.infos; }
void fields(V& v, S& s) {
  v("infos", s.infos);
}

// Lets the codecs tell a message (something with a `fields` overload) from a scalar or a list.
struct FieldProbe {
  template <class T>
  void operator()(std::string_view, T&&, Presence = Presence::kOmitEmpty) {}
};
template <class M>
concept Message = requires(FieldProbe& probe, M& message) { fields(probe, message); };

template <class T>
bool is_zero(const T& value) {
  if constexpr (std::is_arithmetic_v<T>) {
    return value == T{};
  } else if constexpr (std::is_enum_v<T>) {
    return std::to_underlying(value) == 0;
  } else if constexpr (requires { value.has_value(); }) {
    return !value.has_value();
  } else if constexpr (requires { value.bytes; }) {
    return value.bytes.empty();
  } else {
    return value.empty();  // strings, lists, maps
  }
}

class Encoder {
 public:
  template <class T>
  void operator()(std::string_view key, const T& value, Presence presence = Presence::kOmitEmpty) {
    if (presence == Presence::kOmitEmpty && is_zero(value)) return;
    writer_.key(key);
    write(value);
  }

  template <Message M>
  std::string encode(const M& message) {
    write(message);
    return writer_.take();
  }

 private:
  void write(const std::string& text) { writer_.string(text); }
  void write(bool value) { writer_.boolean(value); }
  void write(int32_t value) { writer_.integer(value); }
  void write(int64_t value) { writer_.integer(value); }
  void write(uint64_t value) { writer_.unsigned_integer(value); }

  template <class E>
    requires std::is_enum_v<E>
  void write(E value) {
    writer_.integer(std::to_underlying(value));
  }

  template <class Bytes>
  void write(const Base64Text<Bytes>& value) {
    writer_.string(digest::base64_encode(value.bytes));
  }

  // Go sorts map keys; std::map iterates in the same byte order.
  void write(const std::map<std::string, std::string>& map) {
    writer_.begin_object();
    for (const auto& [key, value] : map) {
      writer_.key(key);
      writer_.string(value);
    }
    writer_.end_object();
  }

  template <class T>
  void write(const std::vector<T>& list) {
    write_array(list);
  }

  template <class T>
  void write(std::span<const T> list) {
    write_array(list);
  }

  template <class List>
  void write_array(const List& list) {
    writer_.begin_array();
    for (const auto& element : list) write(element);
    writer_.end_array();
  }

  template <class M>
  void write(const std::optional<M>& message) {
    write(*message);
  }

  template <Message M>
  void write(const M& message) {
    writer_.begin_object();
    fields(*this, message);
    writer_.end_object();
  }

  GoJsonWriter writer_;
};

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Go assigns every member whose key equals a field name ignoring case (no two of our field names
// differ only in case), in document order, so the last such member is the one that counts.
const json* find_member(const json& object, std::string_view key) {
  const json* found = nullptr;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (equal_ignoring_ascii_case(it.key(), key)) found = &it.value();
  }
  return found;
}

std::string describe_json_type(const json& value) {
  switch (value.type()) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_float: return "the number " + value.dump();
    default: return "a number";
  }
}

// v0.4.x did not record log ids; the object name is the id.
int64_t log_id_from_path(std::string_view log_path) {
  const std::string_view last = log_path.substr(log_path.rfind('/') + 1);
  int64_t id = 0;
  const auto [end, error] = std::from_chars(last.data(), last.data() + last.size(), id);
  return error == std::errc() && end == last.data() + last.size() ? id : 0;
}

class Decoder {
 public:
  explicit Decoder(std::string_view file_name) : file_name_(file_name) {}

  template <Message M>
  Result<M> decode(std::string_view text) {
    auto parsed = parse_ordered_json(text, ErrorCode::kCorrupt);
    if (!parsed) {
      return fail(wrap(std::move(parsed).error(), file_name_).with("file", std::string(file_name_)));
    }
    const json document = std::move(*parsed);
    M message;
    if (!document.is_null()) read(document, message);
    if (error_) return fail(std::move(*error_));
    return message;
  }

  template <class T>
  void operator()(std::string_view key, T&& value, Presence = Presence::kOmitEmpty) {
    if (error_) return;
    const json* member = find_member(*object_, key);
    // Go leaves the field alone for null.
    if (member == nullptr || member->is_null()) return;
    const size_t path_length = path_.size();
    if (!path_.empty()) path_ += '.';
    path_ += key;
    read(*member, value);
    path_.resize(path_length);
  }

 private:
  void type_error(std::string_view expected, const json& got) {
    error_ = Error(ErrorCode::kCorrupt, std::string(file_name_) + ": " + (path_.empty() ? "" : path_ + ": ") +
                                            "expected " + std::string(expected) + ", got " + describe_json_type(got))
                 .with("file", std::string(file_name_))
                 .with("path", path_);
  }

  void range_error(std::string_view type, const json& got) {
    error_ = Error(ErrorCode::kCorrupt, std::string(file_name_) + ": " + path_ + ": " + got.dump() +
                                            " does not fit in " + std::string(type))
                 .with("file", std::string(file_name_))
                 .with("path", path_);
  }

  void read(const json& value, std::string& out) {
    if (!value.is_string()) return type_error("a string", value);
    out = value.get_ref<const std::string&>();
  }

  void read(const json& value, bool& out) {
    if (!value.is_boolean()) return type_error("a boolean", value);
    out = value.get<bool>();
  }

  void read(const json& value, int64_t& out) {
    if (value.is_number_unsigned()) {
      const auto number = value.get<uint64_t>();
      if (number > uint64_t(std::numeric_limits<int64_t>::max())) return range_error("int64", value);
      out = int64_t(number);
    } else if (value.is_number_integer()) {
      out = value.get<int64_t>();
    } else {
      type_error("an integer", value);
    }
  }

  void read(const json& value, int32_t& out) {
    int64_t wide = 0;
    read(value, wide);
    if (error_) return;
    if (wide < std::numeric_limits<int32_t>::min() || wide > std::numeric_limits<int32_t>::max()) {
      return range_error("int32", value);
    }
    out = int32_t(wide);
  }

  void read(const json& value, uint64_t& out) {
    if (value.is_number_unsigned()) {
      out = value.get<uint64_t>();
    } else if (value.is_number_integer()) {
      range_error("uint64", value);
    } else {
      type_error("an integer", value);
    }
  }

  template <class E>
    requires std::is_enum_v<E>
  void read(const json& value, E& out) {
    int32_t number = 0;
    read(value, number);
    if (!error_) out = E(number);
  }

  void read(const json& value, Base64Text<std::string> out) {
    if (!value.is_string()) return type_error("a base64 string", value);
    auto bytes = base64_decode(value.get_ref<const std::string&>());
    if (!bytes) return type_error("a base64 string", value);
    out.bytes = std::move(*bytes);
  }

  void read(const json& value, std::map<std::string, std::string>& out) {
    if (!value.is_object()) return type_error("an object", value);
    for (auto it = value.begin(); it != value.end() && !error_; ++it) {
      const size_t path_length = path_.size();
      path_ += '.';
      path_ += it.key();
      std::string& slot = out[it.key()];
      if (!it.value().is_null()) read(it.value(), slot);
      path_.resize(path_length);
    }
  }

  template <class T>
  void read(const json& value, std::vector<T>& out) {
    if (!value.is_array()) return type_error("an array", value);
    out.assign(value.size(), T{});
    for (size_t i = 0; i < value.size() && !error_; ++i) {
      const size_t path_length = path_.size();
      path_ += '[' + std::to_string(i) + ']';
      if (!value[i].is_null()) read(value[i], out[i]);
      path_.resize(path_length);
    }
  }

  template <class M>
  void read(const json& value, std::optional<M>& out) {
    read(value, out.emplace());
  }

  template <Message M>
  void read(const json& value, M& out) {
    if (!value.is_object()) return type_error("an object", value);
    const json* outer = std::exchange(object_, &value);
    fields(*this, out);
    object_ = outer;
    if constexpr (std::is_same_v<M, Binlog>) {
      if (out.log_id == 0) out.log_id = log_id_from_path(out.log_path);
    }
  }

  std::string_view file_name_;
  const json* object_ = nullptr;
  std::string path_;
  std::optional<Error> error_;
};

template <class T>
std::string encode_level(std::span<const T> infos) {
  return Encoder().encode(LevelInfos<std::span<const T>>{infos});
}

template <class T>
Result<std::vector<T>> decode_level(std::string_view json_text, std::string_view file_name) {
  MB_TRY(level, Decoder(file_name).decode<LevelInfos<std::vector<T>>>(json_text));
  return std::move(level.infos);
}

}  // namespace

std::string encode_backup_info(const BackupInfo& info) { return Encoder().encode(info); }

Result<BackupInfo> decode_backup_info(std::string_view json_text, std::string_view file_name) {
  return Decoder(file_name).decode<BackupInfo>(json_text);
}

std::string encode_collection_level(std::span<const CollectionBackupInfo> collections) {
  return encode_level(collections);
}

std::string encode_partition_level(std::span<const PartitionBackupInfo> partitions) {
  return encode_level(partitions);
}

std::string encode_segment_level(std::span<const SegmentBackupInfo> segments) {
  return encode_level(segments);
}

Result<std::vector<CollectionBackupInfo>> decode_collection_level(std::string_view json_text,
                                                                  std::string_view file_name) {
  return decode_level<CollectionBackupInfo>(json_text, file_name);
}

Result<std::vector<PartitionBackupInfo>> decode_partition_level(std::string_view json_text,
                                                                std::string_view file_name) {
  return decode_level<PartitionBackupInfo>(json_text, file_name);
}

Result<std::vector<SegmentBackupInfo>> decode_segment_level(std::string_view json_text,
                                                            std::string_view file_name) {
  return decode_level<SegmentBackupInfo>(json_text, file_name);
}

}  // namespace mb::meta
