#include "cli/app.h"
#include "util/malloc_tuning.h"

int main(int argc, char** argv) {
  mb::keep_large_blocks_mapped();
  return mb::cli::run(argc, argv);
}
