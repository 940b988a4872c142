// SPDX-License-Identifier: MIT
// From an audited deployment to a plan: what differs, and what a redeploy alone does not do.
#include "exporters/migration.h"
#include "exporters/model.h"
#include "exporters/persistentconfig.h"
#include "internal.h"
#include "planner/planfile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace exporters {
namespace {

using nlohmann::json;

/** @brief Keys that describe the plan, not the deployment: never compared. */
bool isNotCompared(const std::string &pointer)
{
    return pointer == "/format" || pointer == "/name" || pointer == "/description" || pointer == "/audit" ||
           pointer.rfind("/audit/", 0) == 0 || pointer == "/secrets/webui_secret_key";
}

/** @brief The plan file's leaves by JSON pointer; a list is one leaf (an array), compared whole. */
void flatten(const json &node, const std::string &pointer, std::map<std::string, json> &out)
{
    if (node.is_object()) {
        for (const auto &[key, value] : node.items()) {
            std::string token;
            for (char ch : key)
                token += ch == '~' ? std::string("~0") : ch == '/' ? std::string("~1") : std::string(1, ch);
            flatten(value, pointer + "/" + token, out);
        }
        return;
    }
    if (!isNotCompared(pointer))
        out[pointer] = node;
}

/** @brief A value as a person reads it: strings bare, "(empty)", "(unset)" for Open WebUI's default, lists joined. */
std::string display(const json &value)
{
    if (value.is_null())
        return "(unset)";
    if (value.is_string())
        return value.get<std::string>().empty() ? std::string("(empty)") : oneLine(value.get<std::string>());
    if (value.is_array()) {
        std::string out;
        for (const auto &item : value)
            out += (out.empty() ? "" : ", ") + display(item);
        return out.empty() ? std::string("(none)") : out;
    }
    return value.dump();
}

/** @brief Text in a Markdown code span that no backtick inside can end early (CommonMark's longer fence). */
std::string code(const std::string &text)
{
    const std::string line = oneLine(text);
    std::size_t longest = 0, run = 0;
    for (char ch : line) {
        run = ch == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const std::string fence(longest + 1, '`');
    const bool pad = !line.empty() && (line.front() == '`' || line.back() == '`');
    return fence + (pad ? " " : "") + line + (pad ? " " : "") + fence;
}

constexpr std::string_view kUnknownNote = "The files did not show the audited value; if it differs from the target's: ";

/** @brief The audited deployment: each recorded pointer's value, or nullopt when the audit could not read it. */
struct Audited {
    std::map<std::string, std::optional<json>> values;

    [[nodiscard]] bool recorded(const std::string &pointer) const { return values.count(pointer) > 0; }
    [[nodiscard]] std::optional<json> value(const std::string &pointer) const
    {
        const auto it = values.find(pointer);
        return it == values.end() ? std::nullopt : it->second;
    }
    [[nodiscard]] bool isUnknown(const std::string &pointer) const
    {
        const auto it = values.find(pointer);
        return it != values.end() && !it->second;
    }
    /** @brief The audited string at `pointer`, "" when it was not recorded or not a string. */
    [[nodiscard]] std::string text(const std::string &pointer) const
    {
        const auto v = value(pointer);
        return v && v->is_string() ? v->get<std::string>() : std::string();
    }
};

/** @brief The list pointer an item pointer belongs to ("/cors_allow_origins/2" → "/cors_allow_origins"), or "". */
std::string listOf(const std::string &pointer, const std::map<std::string, json> &target)
{
    const auto slash = pointer.rfind('/');
    if (slash == std::string::npos || slash == 0)
        return {};
    const auto parent = pointer.substr(0, slash);
    const auto it = target.find(parent);
    return it != target.end() && it->second.is_array() ? parent : std::string();
}

Audited auditedValues(const planner::AuditOrigin &origin, const std::map<std::string, json> &target)
{
    Audited audited;
    std::map<std::string, std::map<std::size_t, json>> lists;
    for (const auto &[pointer, text] : origin.settings) {
        json value = json::parse(text, nullptr, false);
        if (value.is_discarded())
            value = text;
        if (const auto list = listOf(pointer, target); !list.empty())
            lists[list][std::stoul(pointer.substr(list.size() + 1))] = value;
        else
            audited.values[pointer] = value;
    }
    for (const auto &[list, items] : lists) {
        json array = json::array();
        for (const auto &[index, item] : items)
            array.push_back(item);
        audited.values[list] = array;
    }
    for (const auto &pointer : origin.unknown) {
        const auto list = listOf(pointer, target);
        audited.values[list.empty() ? pointer : list] = std::nullopt;
    }
    return audited;
}

std::string databaseWork(const Audited &audited, const planner::Plan &target, const std::string &pointer)
{
    const std::string unknown = audited.isUnknown(pointer) ? std::string(kUnknownNote) : std::string();
    if (pointer == "/database/kind" && target.isPostgres())
        return unknown +
               "Open WebUI does not move data from SQLite to PostgreSQL: it starts on a fresh, empty database, so the "
               "users, chats, knowledge bases, models and Admin settings in webui.db (/app/backend/data) stay behind. "
               "Before the redeploy: stop the audited deployment, back up /app/backend/data/webui.db, and export what "
               "must carry over (Admin Panel › Settings › Database › Export Config, Export All Chats (All Users), Export "
               "Users). After the redeploy: the first account that signs up becomes the administrator; import the "
               "config (Admin Panel › Settings › Database › Import Config), recreate the users, and let each user import "
               "their chats (Settings › Chats › Import Chats). Moving the rows themselves needs a tool outside Open WebUI.";
    if (pointer == "/database/kind")
        return unknown +
               "Open WebUI does not move data from PostgreSQL to SQLite: it starts on a fresh, empty webui.db. Before the "
               "redeploy: back up the PostgreSQL database (pg_dump) and export the config and chats (Admin Panel › "
               "Settings › Database); after it, import them into the new installation.";
    return unknown +
           "The bundle points Open WebUI at another PostgreSQL database, and Open WebUI does not copy data between "
           "servers. Before the redeploy: stop the audited deployment and copy the database to the new one (pg_dump, "
           "then pg_restore); otherwise the new installation starts empty.";
}

std::string secretKeyWork(const Audited &audited, const planner::Plan &target)
{
    const auto auditedMode = audited.text("/secrets/key_mode");
    const auto auditedName = audited.text("/secrets/external_secret_name");
    std::string keep;
    if (auditedMode == "external" && !auditedName.empty())
        keep = "To keep the old key, keep it an external secret: set secrets.key_mode to external and "
               "secrets.external_secret_name to " +
               code(auditedName) + ", the secret that holds it now.";
    else if (auditedMode == "unset")
        keep = "To keep the old key, read it from a running container (/app/backend/.webui_secret_key, which start.sh "
               "generated; with several containers each has its own) and make it an external secret: store it in a "
               "secret, then set secrets.key_mode to external and secrets.external_secret_name to that secret's name.";
    else
        keep = "To keep the old key, make it an external secret: store the audited WEBUI_SECRET_KEY in a secret, then "
               "set secrets.key_mode to external and secrets.external_secret_name to that secret's name.";
    std::string change = target.secrets.keyMode == planner::SecretKeyMode::Generated
                             ? "The bundle generates a new WEBUI_SECRET_KEY"
                         : target.secrets.keyMode == planner::SecretKeyMode::External
                             ? "The bundle reads WEBUI_SECRET_KEY from the secret " + code(target.secrets.externalSecretName)
                             : "Without a key in the bundle each container generates its own WEBUI_SECRET_KEY";
    return (audited.isUnknown("/secrets/key_mode") ? std::string(kUnknownNote) : std::string()) + change +
           ": sessions signed with the old key end, so everyone signs in again, and the OAuth tokens encrypted with it "
           "(OAUTH_SESSION_TOKEN_ENCRYPTION_KEY defaults to WEBUI_SECRET_KEY) can no longer be read, so users connect "
           "their OAuth accounts again. Decide before the redeploy. " +
           keep;
}

std::string uploadsWork(const Audited &audited, const planner::Plan &target, const std::string &pointer)
{
    const std::string unknown = audited.isUnknown(pointer) ? std::string(kUnknownNote) : std::string();
    const auto auditedKind = audited.text("/storage/kind");
    const bool auditedVolume = auditedKind == "local-volume" || auditedKind == "shared-volume";
    const bool targetVolume = !planner::isCloudStorage(target.storage.kind);
    const std::string bucket = target.storage.bucket.empty() ? std::string("the bucket") : code(target.storage.bucket);
    if (pointer == "/storage/kind" && auditedVolume && !targetVolume)
        return unknown + "Uploads stay in /app/backend/data/uploads on the old volume; Open WebUI does not move them. "
                         "Before the redeploy: stop the audited deployment and copy /app/backend/data/uploads into " +
               bucket + " (same file names, at the bucket's top level), so existing files and knowledge bases open.";
    if (pointer == "/storage/kind" && !auditedVolume && targetVolume && !auditedKind.empty())
        return unknown + "Uploads stay in the audited bucket; Open WebUI does not move them. Before the redeploy: stop "
                         "the audited deployment and copy the bucket's files into /app/backend/data/uploads on the new volume.";
    if (pointer == "/storage/kind" && targetVolume)
        return unknown + "The uploads move to another volume; Open WebUI does not copy them. Before the redeploy: stop "
                         "the audited deployment and copy /app/backend/data (uploads and everything else kept there) to "
                         "the new volume.";
    return unknown + "Uploads stay where the audited deployment keeps them; Open WebUI does not move them. Before the "
                     "redeploy: stop the audited deployment and copy every file of the old bucket or store into " +
           bucket + ".";
}

std::string reindexWork(const Audited &audited, const std::string &pointer)
{
    const std::string why = pointer.rfind("/vector_db/", 0) == 0
                                ? "The new vector database starts empty"
                                : "Vectors made by the old embedding model do not match the new one";
    return (audited.isUnknown(pointer) ? std::string(kUnknownNote) : std::string()) + why +
           ": knowledge bases find nothing until they are re-indexed. After the redeploy: Admin Panel › Settings › "
           "Documents › Reindex Knowledge Base Vectors (the Reindex button near the end of the page) re-embeds every "
           "knowledge file from the database.";
}

MigrationWork workOf(const std::string &pointer, const Audited &audited, const planner::Plan &target)
{
    if (pointer == "/database/kind")
        return MigrationWork::DatabaseData;
    if ((pointer == "/database/host" || pointer == "/database/port" || pointer == "/database/name") && target.isPostgres() &&
        audited.text("/database/kind") == "postgresql")
        return MigrationWork::DatabaseData;
    if (pointer == "/secrets/key_mode")
        return MigrationWork::NewSecretKey;
    // The name alone matters when both sides read an external secret; with a mode switch the key_mode item says it.
    if (pointer == "/secrets/external_secret_name" && target.secrets.keyMode == planner::SecretKeyMode::External &&
        (audited.text("/secrets/key_mode") == "external" || !audited.recorded("/secrets/key_mode")))
        return MigrationWork::NewSecretKey;
    if (pointer == "/storage/kind") {
        // A local volume and a shared one both hold /app/backend/data: a move between them is a copy too.
        return MigrationWork::CopyUploads;
    }
    if ((pointer == "/storage/bucket" || pointer == "/storage/endpoint") && planner::isCloudStorage(target.storage.kind) &&
        (audited.text("/storage/kind") == planner::toString(target.storage.kind) || !audited.recorded("/storage/kind")))
        return MigrationWork::CopyUploads;
    if (pointer == "/vector_db/kind" || pointer == "/vector_db/url")
        return MigrationWork::Reindex;
    if (pointer == "/embeddings" || pointer == "/embedding_model")
        return MigrationWork::Reindex;
    return MigrationWork::Redeploy;
}

} // namespace

MigrationStep stepOf(MigrationWork work)
{
    switch (work) {
    case MigrationWork::DatabaseData:
    case MigrationWork::NewSecretKey:
    case MigrationWork::CopyUploads:
        return MigrationStep::BeforeRedeploy;
    case MigrationWork::Reindex:
    case MigrationWork::PersistentConfig:
        return MigrationStep::AfterRedeploy;
    case MigrationWork::Redeploy:
        return MigrationStep::Redeploy;
    }
    return MigrationStep::Redeploy;
}

std::string_view toString(MigrationWork work)
{
    switch (work) {
    case MigrationWork::DatabaseData: return "data migration";
    case MigrationWork::NewSecretKey: return "new secret key";
    case MigrationWork::CopyUploads: return "copy uploads";
    case MigrationWork::Reindex: return "re-index";
    case MigrationWork::PersistentConfig: return "PersistentConfig";
    case MigrationWork::Redeploy: return "redeploy";
    }
    return "redeploy";
}

std::string_view toString(MigrationStep step)
{
    switch (step) {
    case MigrationStep::BeforeRedeploy: return "before the redeploy";
    case MigrationStep::AfterRedeploy: return "after the redeploy";
    case MigrationStep::Redeploy: return "redeploy";
    }
    return "redeploy";
}

std::string toString(const MigrationChange &change)
{
    const std::string subject = change.pointer.empty() ? change.variable : change.pointer;
    std::string line = oneLine(subject) + ": " + oneLine(change.from) + " → " + oneLine(change.to) + " [" +
                       std::string(toString(change.work));
    if (change.work != MigrationWork::Redeploy)
        line += ", " + std::string(toString(stepOf(change.work)));
    line += "]";
    if (!change.whatToDo.empty())
        line += " " + oneLine(change.whatToDo);
    return line;
}

std::vector<MigrationChange> changesFromAudit(const planner::AuditOrigin &origin, const planner::Plan &target)
{
    std::map<std::string, json> targetValues;
    flatten(json(planner::planToJson(target)), "", targetValues);
    const Audited audited = auditedValues(origin, targetValues);

    // The audit's own order: settings first, then the unknown ones, each pointer once (list items as their list).
    std::vector<std::string> order;
    std::set<std::string> seen;
    const auto visit = [&](const std::string &pointer) {
        const auto list = listOf(pointer, targetValues);
        const auto key = list.empty() ? pointer : list;
        if (seen.insert(key).second)
            order.push_back(key);
    };
    for (const auto &[pointer, value] : origin.settings)
        visit(pointer);
    for (const auto &pointer : origin.unknown)
        visit(pointer);

    std::vector<MigrationChange> changes;
    for (const auto &pointer : order) {
        const auto targetValue = targetValues.find(pointer);
        if (targetValue == targetValues.end() || isNotCompared(pointer))
            continue;
        const auto auditedValue = audited.value(pointer);
        if (auditedValue && *auditedValue == targetValue->second)
            continue;
        MigrationChange change;
        change.pointer = pointer;
        change.from = auditedValue ? display(*auditedValue) : std::string("unknown");
        change.to = display(targetValue->second);
        change.work = workOf(pointer, audited, target);
        switch (change.work) {
        case MigrationWork::DatabaseData: change.whatToDo = databaseWork(audited, target, pointer); break;
        case MigrationWork::NewSecretKey: change.whatToDo = secretKeyWork(audited, target); break;
        case MigrationWork::CopyUploads: change.whatToDo = uploadsWork(audited, target, pointer); break;
        case MigrationWork::Reindex: change.whatToDo = reindexWork(audited, pointer); break;
        case MigrationWork::PersistentConfig:
        case MigrationWork::Redeploy: break;
        }
        changes.push_back(std::move(change));
    }

    // PersistentConfig: the database holds what the audited deployment seeded, and keeps it over the bundle's value.
    if (target.persistentConfig) {
        const auto model = deploymentModel(target);
        for (const auto &[variable, auditedValue] : origin.persistentConfig) {
            const EnvVar *var = model.find(variable);
            const PersistentSetting *setting = persistentSetting(variable);
            if (!var || var->secret || !setting || var->value == auditedValue)
                continue;
            MigrationChange change;
            change.variable = variable;
            change.from = auditedValue.empty() ? std::string("(empty)") : oneLine(auditedValue);
            change.to = var->value.empty() ? std::string("(empty)") : oneLine(var->value);
            change.work = MigrationWork::PersistentConfig;
            change.whatToDo = variable + " is a PersistentConfig setting: the database keeps the audited value " +
                              code(auditedValue) + " and a redeploy does not change it. After the redeploy, change it to " +
                              code(var->value) + " in " + std::string(setting->adminPath) +
                              "; or deploy once with persistent_config: false in the plan (ENABLE_PERSISTENT_CONFIG=false: the "
                              "environment wins), save that Admin Settings page so the database takes the new value, "
                              "then turn it back on.";
            changes.push_back(std::move(change));
        }
    }

    std::stable_sort(changes.begin(), changes.end(), [](const MigrationChange &a, const MigrationChange &b) {
        return static_cast<int>(a.work) < static_cast<int>(b.work);
    });
    return changes;
}

} // namespace exporters
