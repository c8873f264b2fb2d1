// Each command adds itself to the app; its callback stores the exit code it ends with.
#pragma once

#include "cli/global_options.h"
#include "verify/verify_report.h"

namespace CLI {
class App;
}

namespace mb::cli {

// Prints "Error: <message>" to stderr (the Go tool's shape) and returns exit code 1.
int report_error(const Error& error);

// Prints a verify report (text or JSON) to stdout and returns its exit code (0 whole, 1 damaged,
// 2 could not check).
int report_verify(const mb::verify::VerifyReport& report, bool json);

void add_check_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_config_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_create_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_list_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_get_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_delete_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_restore_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_verify_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_gc_command(CLI::App& app, const GlobalOptions& options, int& exit_code);
void add_server_command(CLI::App& app, const GlobalOptions& options, int& exit_code);

}  // namespace mb::cli
