#include "milvus/server_version.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mb::milvus {
namespace {

ServerVersion parse(std::vector<std::string> reported) { return ServerVersion::parse(reported); }

TEST(ServerVersionTest, ReadsReleaseVersions) {
  EXPECT_EQ(parse({"v2.3.5"}), (ServerVersion{2, 3, 5}));
  EXPECT_EQ(parse({"2.6.11"}), (ServerVersion{2, 6, 11}));
  // What the PyPI Milvus reports in Connect's build tags.
  EXPECT_EQ(parse({"v2.3.5-lite"}), (ServerVersion{2, 3, 5}));
}

TEST(ServerVersionTest, CutsFourPartHotfixVersionsToTheirRelease) {
  EXPECT_EQ(parse({"2.3.22.6"}), (ServerVersion{2, 3, 22}));
  EXPECT_EQ(parse({"v2.3.22.6"}), (ServerVersion{2, 3, 22}));
  EXPECT_EQ(parse({"v2.4.0.1-gpu-beta"}), (ServerVersion{2, 4, 0}));
}

TEST(ServerVersionTest, DevBuildTagsResolveToTheHeadOfTheirLine) {
  EXPECT_EQ(parse({"2.6-20260404-31fb3fc"}), (ServerVersion{2, 6, ServerVersion::kHeadOfLinePatch}));
  EXPECT_EQ(parse({"2.5-20260404-31fb3fc"}).to_string(), "2.5.9999");
  EXPECT_EQ(parse({"milvus2.6"}).to_string(), "2.6.9999");
}

TEST(ServerVersionTest, VendorDescriptionsNameTheMilvusLine) {
  EXPECT_EQ(parse({"Zilliz Cloud Vector Database(Compatible with Milvus 2.6)", "unknown-20260608-7ea6e3526"})
                .to_string(),
            "2.6.9999");
  EXPECT_EQ(parse({"Zilliz Cloud Vector Database(Compatible with Milvus 2.5.8)"}), (ServerVersion{2, 5, 8}));
  // The product's own version number is not the server's.
  EXPECT_EQ(parse({"Zilliz Cloud 3.0 Vector Database(Compatible with Milvus 2.5)"}).to_string(), "2.5.9999");
}

TEST(ServerVersionTest, AReleaseVersionWinsWhicheverCallReportedIt) {
  EXPECT_EQ(parse({"Zilliz Cloud Vector Database(Compatible with Milvus 2.6)", "2.6.10"}), (ServerVersion{2, 6, 10}));
  EXPECT_EQ(parse({"2.6.10", "Zilliz Cloud Vector Database(Compatible with Milvus 2.6)"}), (ServerVersion{2, 6, 10}));
}

TEST(ServerVersionTest, NoVersionAtAllIsTheLatestDevBuild) {
  EXPECT_EQ(parse({"master-20260226-abcdef"}), ServerVersion::latest_dev());
  EXPECT_EQ(parse({"unknown-20260608-7ea6e3526"}), ServerVersion::latest_dev());
  EXPECT_EQ(parse({""}), ServerVersion::latest_dev());
  EXPECT_EQ(parse({}), ServerVersion::latest_dev());
  EXPECT_EQ(ServerVersion::latest_dev().to_string(), "99.0.0");
}

TEST(ServerVersionTest, TellsVersionsFromDescriptions) {
  EXPECT_TRUE(ServerVersion::is_version_text("v2.3.5-lite"));
  EXPECT_TRUE(ServerVersion::is_version_text("2.6-20260404-31fb3fc"));
  EXPECT_TRUE(ServerVersion::is_version_text("2.3.22"));
  EXPECT_FALSE(ServerVersion::is_version_text("Zilliz Cloud Vector Database(Compatible with Milvus 2.6)"));
  EXPECT_FALSE(ServerVersion::is_version_text("master-20260226-abcdef"));
  EXPECT_FALSE(ServerVersion::is_version_text(""));
}

TEST(ServerVersionTest, FeatureThresholds) {
  struct Case {
    Feature feature;
    ServerVersion below;
    ServerVersion from;
  };
  const std::vector<Case> cases = {
      {Feature::kImportV2, {2, 3, 22}, {2, 4, 0}},
      {Feature::kDescribeDatabase, {2, 4, 2}, {2, 4, 3}},
      {Feature::kGetSegmentInfo, {2, 5, 7}, {2, 5, 8}},
      {Feature::kMultiL0InOneJob, {2, 6, 4}, {2, 6, 5}},
      {Feature::kCollectionLevelGcControl, {2, 6, 7}, {2, 6, 8}},
      {Feature::kFuncRuntimeCheck, {2, 6, 7}, {2, 6, 8}},
      {Feature::kFlushAll, {2, 6, 10}, {2, 6, 11}},
      {Feature::kSnapshot, {2, 6, 9999}, {3, 0, 0}},
  };
  for (const auto& c : cases) {
    EXPECT_FALSE(c.below.supports(c.feature)) << to_string(c.feature) << " at " << c.below.to_string();
    EXPECT_TRUE(c.from.supports(c.feature)) << to_string(c.feature) << " at " << c.from.to_string();
  }
}

TEST(ServerVersionTest, ReplicateMessageIsThe25LineOnly) {
  EXPECT_FALSE((ServerVersion{2, 4, 23}).supports(Feature::kReplicateMessage));
  EXPECT_TRUE((ServerVersion{2, 5, 0}).supports(Feature::kReplicateMessage));
  EXPECT_TRUE(parse({"2.5-20260404-31fb3fc"}).supports(Feature::kReplicateMessage));
  EXPECT_FALSE(parse({"2.6-20260404-31fb3fc"}).supports(Feature::kReplicateMessage));
  EXPECT_FALSE(ServerVersion::latest_dev().supports(Feature::kReplicateMessage));
}

TEST(ServerVersionTest, Milvus23HasNoneOfTheNewerFeatures) {
  const ServerVersion v235 = parse({"v2.3.5-lite"});
  for (Feature feature : {Feature::kImportV2, Feature::kDescribeDatabase, Feature::kGetSegmentInfo,
                          Feature::kReplicateMessage, Feature::kMultiL0InOneJob, Feature::kCollectionLevelGcControl,
                          Feature::kFuncRuntimeCheck, Feature::kFlushAll, Feature::kSnapshot}) {
    EXPECT_FALSE(v235.supports(feature)) << to_string(feature);
  }
}

TEST(ServerVersionTest, DevBuildsHaveEveryFeatureOfTheirLine) {
  const ServerVersion dev26 = parse({"2.6-20260404-31fb3fc"});
  EXPECT_TRUE(dev26.supports(Feature::kFlushAll));
  EXPECT_TRUE(dev26.supports(Feature::kCollectionLevelGcControl));
  EXPECT_FALSE(dev26.supports(Feature::kSnapshot));
  EXPECT_TRUE(ServerVersion::latest_dev().supports(Feature::kSnapshot));
}

TEST(ServerInfoTest, MultiDatabaseComesFromTheProbeNotTheVersion) {
  ServerInfo info{.version_text = "v2.2.0", .version = {2, 2, 0}, .multi_database = false};
  EXPECT_FALSE(info.supports(Feature::kMultiDatabase));
  info.multi_database = true;
  EXPECT_TRUE(info.supports(Feature::kMultiDatabase));
  EXPECT_FALSE(info.supports(Feature::kDescribeDatabase));
}

}  // namespace
}  // namespace mb::milvus
