// The config loader (config/loader, config_file, v1_legacy) for v1 and v2 files, and
// `config migrate` for v1 ones: any file loads or is refused with kConfig. The input is the
// file's text; the environment is empty.
#include <unistd.h>

#include <fstream>

#include "config/loader.h"
#include "config/v1_migrate.h"
#include "fuzz_input.h"

namespace {

// The file each input is written to, removed when the fuzzer exits normally.
struct ConfigPath {
  std::string path;
  ConfigPath() {
    const char* dir = std::getenv("TMPDIR");
    path = std::string(dir && *dir ? dir : "/tmp") + "/mb_fuzz_config_" + std::to_string(::getpid()) + ".yaml";
  }
  ~ConfigPath() { std::remove(path.c_str()); }
};

const std::string& config_path() {
  static const ConfigPath file;
  return file.path;
}

void expect_config_error(const mb::Error& error, const char* what) {
  if (error.code != mb::ErrorCode::kConfig) mb::fuzz::violated(what, error.message);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    std::ofstream out(config_path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) mb::fuzz::violated("cannot write the config file", config_path());
  }
  mb::config::LoadOptions options;
  options.config_path = config_path();
  options.config_path_explicit = true;
  options.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  auto loaded = mb::config::load(options);
  if (!loaded) expect_config_error(loaded.error(), "load failed with another code than kConfig");
  if (loaded) (void)mb::config::render_table(loaded->values);

  mb::config::MigrateOptions migrate;
  migrate.input = options;
  auto migrated = mb::config::migrate_v1(migrate);
  if (!migrated) expect_config_error(migrated.error(), "migrate_v1 failed with another code than kConfig");
  if (migrated) (void)mb::config::render_report(*migrated);
  return 0;
}
