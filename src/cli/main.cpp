#include "cli/app.h"

int main(int argc, char** argv) { return mb::cli::run(argc, argv); }
