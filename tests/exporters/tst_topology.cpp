// SPDX-License-Identifier: MIT
// The topology the window draws comes from the deployment model the exporters write: the same answer on
// the load balancer, the instances and the services as the bundle itself.
#include "../common/testplans.h"
#include "exporters/bundle.h"
#include "exporters/model.h"
#include "exporters/targets.h"
#include "exporters/topology.h"

#include <yaml-cpp/yaml.h>

#include <QtTest>

using namespace exporters;
using planner::Plan;


using testplans::from;
using testplans::presetPlan;

namespace {

/** @brief A placement as its name, which QCOMPARE can print. */
std::string where(Placement placement)
{
    return std::string(toString(placement));
}

const TopologyNode *nodeOf(const Topology &topology, const std::string &id)
{
    const auto it = std::find_if(topology.services.begin(), topology.services.end(),
                                 [&id](const TopologyNode &n) { return n.id == id; });
    return it == topology.services.end() ? nullptr : &*it;
}

std::vector<std::string> idsOf(const Topology &topology)
{
    std::vector<std::string> ids;
    for (const auto &node : topology.services)
        ids.push_back(node.id);
    return ids;
}

/** @brief One Compose replica without a proxy of its own that autoscales to four: the peak decides, not the start. */
Plan autoscalingFromOne()
{
    auto plan = presetPlan("small-team");
    plan.replicas = 1;
    plan.loadBalancer.kind = planner::LoadBalancerKind::None;
    plan.autoscaling = {true, 1, 4};
    return plan;
}

} // namespace

class tst_topology : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void autoscalingFromOneReplicaHasALoadBalancerEverywhere();
    void oneContainerHasNone();
    void entryPerOrchestrator();
    void pgvectorIsInsidePostgres();
    void servicesFollowTheModel();
    void storageShowsTheEndpointTheBundleWrites();
    void embeddingsAreExternalServices();
    void jsonCarriesEveryField();
};

void tst_topology::autoscalingFromOneReplicaHasALoadBalancerEverywhere()
{
    const Plan plan = autoscalingFromOne();
    const auto model = deploymentModel(plan);
    const auto &t = model.topology;
    QVERIFY(t.loadBalancer);
    QCOMPARE(t.entryLabel, std::string("Load balancer"));
    QCOMPARE(t.replicas, 1);
    QVERIFY(t.autoscaling);
    QCOMPARE(t.minReplicas, 1);
    QCOMPARE(t.maxReplicas, 4);

    // The bundle agrees: compose.yaml has the nginx the drawing shows.
    const auto files = renderCompose(plan, model);
    const auto compose = YAML::Load(files.front().content);
    QVERIFY(compose["services"]["load-balancer"]);
    QVERIFY(!compose["services"]["open-webui"]["ports"]);
    QVERIFY(std::any_of(files.begin(), files.end(), [](const BundleFile &f) { return f.path == "nginx.conf"; }));

    // Without the autoscaling peak the same plan is one container reached directly, in both.
    const Plan fixed = from(plan, [](Plan &p) { p.autoscaling.enabled = false; });
    const auto fixedModel = deploymentModel(fixed);
    QVERIFY(!fixedModel.topology.loadBalancer);
    QVERIFY(!YAML::Load(renderCompose(fixed, fixedModel).front().content)["services"]["load-balancer"]);
}

void tst_topology::oneContainerHasNone()
{
    const auto t = deploymentModel(Plan{}).topology;
    QVERIFY(!t.loadBalancer);
    QCOMPARE(t.entryLabel, std::string("Users"));
    QCOMPARE(t.instanceLabel, std::string("container"));
    QCOMPARE(t.replicas, 1);
    QVERIFY(!t.autoscaling);
    QCOMPARE(t.maxReplicas, 1);
    QCOMPARE(t.migrations, std::string("the process migrates at start"));
    QCOMPARE(idsOf(t), (std::vector<std::string>{"database", "vector-db", "storage"}));
    QCOMPARE(where(nodeOf(t, "database")->placement), where(Placement::InProcess));
    QCOMPARE(where(nodeOf(t, "vector-db")->placement), where(Placement::InProcess));
}

void tst_topology::entryPerOrchestrator()
{
    const auto large = deploymentModel(presetPlan("large-scale")).topology;
    QVERIFY(large.loadBalancer);
    QCOMPARE(large.instanceLabel, std::string("pod"));
    QCOMPARE(large.entryDetail, std::string("Ingress (nginx) · chat.example.org · sticky"));
    QCOMPARE(large.migrations, std::string("Alembic once: a Job, before the pods"));
    QCOMPARE(large.minReplicas, 4);
    QCOMPARE(large.maxReplicas, 12);

    const auto swarm = deploymentModel(from(presetPlan("high-availability"), [](Plan &p) {
                           p.orchestrator = planner::Orchestrator::Swarm;
                           p.loadBalancer.kind = planner::LoadBalancerKind::None;
                           p.loadBalancer.stickySessions = false;
                       })).topology;
    QVERIFY(swarm.loadBalancer);
    QCOMPARE(swarm.instanceLabel, std::string("task"));
    QCOMPARE(swarm.entryDetail, std::string("routing mesh, port 3000"));

    const auto compressing = deploymentModel(from(autoscalingFromOne(), [](Plan &p) {
                                 p.loadBalancer.compresses = true;
                             })).topology;
    QCOMPARE(compressing.entryDetail, std::string("nginx in the bundle, port 3000 · compresses"));
}

void tst_topology::pgvectorIsInsidePostgres()
{
    const Plan plan = presetPlan("large-scale");
    const auto model = deploymentModel(plan);
    QVERIFY(model.services.pgvectorImage);
    const auto *db = nodeOf(model.topology, "database");
    QVERIFY(db);
    QCOMPARE(db->label, std::string("PostgreSQL"));
    QCOMPARE(db->detail, std::string("max_connections 700"));
    QCOMPARE(db->inside, std::vector<std::string>{"pgvector"});
    QCOMPARE(where(db->placement), where(Placement::Bundled));
    // Not a second server.
    QVERIFY(!nodeOf(model.topology, "vector-db"));

    // pgvector on a server of its own is drawn as one, outside the bundle.
    const auto apart = deploymentModel(from(plan, [](Plan &p) {
        p.vectorDb.pgvectorSameServer = false;
        p.vectorDb.url = "postgresql://vectors.internal/v";
    }));
    QVERIFY(nodeOf(apart.topology, "database")->inside.empty());
    const auto *vectors = nodeOf(apart.topology, "vector-db");
    QVERIFY(vectors);
    QCOMPARE(where(vectors->placement), where(Placement::External));
    QCOMPARE(vectors->detail, std::string("vectors.internal"));
}

void tst_topology::servicesFollowTheModel()
{
    const Plan plan = from(presetPlan("high-availability"), [](Plan &p) {
        p.contentExtraction = planner::ContentExtraction::Docling;
        p.otel = {true, "http://otel-collector:4317", planner::OtelProtocol::Grpc, true, true, false, true, 60000};
        p.database.host = "db.internal.example";
    });
    const auto model = deploymentModel(plan);
    const auto &t = model.topology;
    QCOMPARE(idsOf(t), (std::vector<std::string>{"database", "redis", "vector-db", "storage", "extraction", "embeddings",
                                                 "telemetry"}));
    // Bundled exactly when the bundle runs the service.
    QCOMPARE(where(nodeOf(t, "database")->placement), where(model.services.postgres ? Placement::Bundled : Placement::External));
    QCOMPARE(nodeOf(t, "database")->detail, std::string("db.internal.example · max_connections 300"));
    QCOMPARE(where(nodeOf(t, "redis")->placement), where(Placement::Bundled));
    QCOMPARE(where(nodeOf(t, "vector-db")->placement), where(model.services.vectorDb ? Placement::Bundled : Placement::External));
    QCOMPARE(nodeOf(t, "extraction")->label, std::string("Docling"));
    QCOMPARE(where(nodeOf(t, "extraction")->placement), where(Placement::Bundled));
    QCOMPARE(where(nodeOf(t, "telemetry")->placement), where(Placement::Bundled));
    QCOMPARE(nodeOf(t, "storage")->label, std::string("Shared volume"));
    QCOMPARE(nodeOf(t, "storage")->detail, std::string("20 Gi · every pod (RWX)"));

    const auto noRedis = deploymentModel(from(plan, [](Plan &p) { p.redis.mode = planner::RedisMode::None; })).topology;
    QVERIFY(!nodeOf(noRedis, "redis"));
}

void tst_topology::storageShowsTheEndpointTheBundleWrites()
{
    const auto aws = deploymentModel(presetPlan("large-scale"));
    QCOMPARE(aws.storageEndpoint, std::string("https://s3.eu-central-1.amazonaws.com"));
    QCOMPARE(nodeOf(aws.topology, "storage")->detail, std::string("openwebui-files · s3.eu-central-1.amazonaws.com"));
    QCOMPARE(where(nodeOf(aws.topology, "storage")->placement), where(Placement::External));

    const auto azure = deploymentModel(from(presetPlan("large-scale"), [](Plan &p) {
        p.storage = {planner::StorageKind::Azure, "owui", {}, "https://acct.blob.core.windows.net", 2};
    }));
    QCOMPARE(nodeOf(azure.topology, "storage")->detail, std::string("owui · acct.blob.core.windows.net"));
}

void tst_topology::embeddingsAreExternalServices()
{
    const auto openai = deploymentModel(presetPlan("large-scale")).topology;
    QCOMPARE(nodeOf(openai, "embeddings")->label, std::string("OpenAI embeddings"));
    QCOMPARE(nodeOf(openai, "embeddings")->detail, std::string("text-embedding-3-small"));
    QCOMPARE(where(nodeOf(openai, "embeddings")->placement), where(Placement::External));

    const auto ollama = deploymentModel(from(presetPlan("large-scale"), [](Plan &p) {
                            p.embeddings = planner::EmbeddingEngine::Ollama;
                            p.embeddingModel = "mxbai-embed-large";
                            p.embeddingBaseUrl = "http://ollama.internal:11434";
                        })).topology;
    QCOMPARE(nodeOf(ollama, "embeddings")->label, std::string("Ollama embeddings"));
    QCOMPARE(nodeOf(ollama, "embeddings")->detail, std::string("mxbai-embed-large · ollama.internal:11434"));

    QVERIFY(!nodeOf(deploymentModel(Plan{}).topology, "embeddings"));
}

void tst_topology::jsonCarriesEveryField()
{
    const auto json = toJson(deploymentModel(autoscalingFromOne()).topology);
    for (const char *key : {"load_balancer", "entry_label", "entry_detail", "instance_label", "replicas", "autoscaling",
                            "min_replicas", "max_replicas", "workers", "migrations", "migration_runner",
                            "migrating_instance", "services"})
        QVERIFY2(json.contains(key), key);
    QCOMPARE(json["load_balancer"].get<bool>(), true);
    // The preset migrates in pod 0 of three: the drawing marks the first instance.
    const auto primary = toJson(deploymentModel(presetPlan("high-availability")).topology);
    QCOMPARE(primary["migration_runner"].get<std::string>(), std::string("primary"));
    QCOMPARE(primary["migrating_instance"].get<int>(), 1);
    QCOMPARE(toJson(deploymentModel(presetPlan("large-scale")).topology)["migrating_instance"].get<int>(), 0);
    QCOMPARE(json["max_replicas"].get<int>(), 4);
    const auto &first = json["services"].at(0);
    for (const char *key : {"id", "label", "detail", "inside", "placement"})
        QVERIFY2(first.contains(key), key);
}

QTEST_GUILESS_MAIN(tst_topology)
#include "tst_topology.moc"
