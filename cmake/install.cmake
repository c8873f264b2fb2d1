# `cmake --install`: the CLI, and the C++ library as a CMake package (static libraries, public headers
# under include/milvus_backup, the headers they build on under include/milvus_backup/internal).
include(CMakePackageConfigHelpers)

set(MB_LIBRARY_TARGETS mb_proto mb_util mb_config mb_storage mb_meta mb_milvus mb_copy mb_verify mb_backup mb_restore mb_api
    milvus_backup)
set(MB_CMAKE_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/milvus_backup)

install(TARGETS milvus-backup RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS ${MB_LIBRARY_TARGETS} EXPORT milvus_backupTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/milvus_backup DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/src/ DESTINATION ${MB_INSTALL_INTERNAL_INCLUDE}
        FILES_MATCHING PATTERN "*.h" PATTERN "cli" EXCLUDE PATTERN "server" EXCLUDE)
install(DIRECTORY ${MB_PROTO_OUT}/ DESTINATION ${MB_INSTALL_INTERNAL_INCLUDE} FILES_MATCHING PATTERN "*.pb.h")
install(EXPORT milvus_backupTargets NAMESPACE milvus_backup:: DESTINATION ${MB_CMAKE_PACKAGE_DIR})

configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/milvus_backupConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/milvus_backupConfig.cmake
                              INSTALL_DESTINATION ${MB_CMAKE_PACKAGE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/milvus_backupConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/milvus_backupConfig.cmake ${CMAKE_BINARY_DIR}/milvus_backupConfigVersion.cmake
        DESTINATION ${MB_CMAKE_PACKAGE_DIR})
