// Lists the backups under the configured backup root, one per line: name, state, size in bytes.
// Usage: list_backups [CONFIG_FILE]   (default: backup.yaml, resolved as the CLI resolves it)
#include <milvus_backup/library.h>

#include <iostream>

int main(int argc, char** argv) {
  milvus_backup::ConfigLoadOptions options;
  if (argc > 1) {
    options.config_path = argv[1];
    options.config_path_explicit = true;
  }
  auto loaded = milvus_backup::load_config(options);
  if (!loaded) {
    std::cerr << "error: " << loaded.error().to_string() << "\n";
    return 1;
  }
  auto backups = milvus_backup::list_backups(loaded->config);
  if (!backups) {
    std::cerr << "error: " << backups.error().to_string() << "\n";
    return 1;
  }
  for (const auto& backup : *backups) {
    std::cout << backup.name << "\t" << (backup.complete ? "complete" : "incomplete") << "\t" << backup.size << "\n";
  }
  return 0;
}
