// The `milvus-backup` command line: the Go tool's commands and flags over the library.
#pragma once

namespace mb::cli {

// Parses argv, runs the command, returns the process exit code (0 ok, 1 any failure).
int run(int argc, char** argv);

}  // namespace mb::cli
