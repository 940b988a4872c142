// SPDX-License-Identifier: MIT
#include "remote/endpoint.h"

#include <charconv>

namespace remote {
namespace {

// Users and hosts reach known_hosts, prompts and messages: letters, digits and . _ - (and : inside [IPv6]).
bool plainName(std::string_view text, bool allowColon)
{
    for (const unsigned char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-' || (allowColon && c == ':');
        if (!ok)
            return false;
    }
    return true;
}

Result<int> parsePort(std::string_view text, std::string_view whole)
{
    int port = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || port < 1 || port > 65535)
        return failure(FailureKind::Usage, std::string(whole) + ": the port must be a number from 1 to 65535");
    return port;
}

} // namespace

std::string Endpoint::display() const
{
    std::string text = user.empty() ? std::string() : user + "@";
    text += host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port != 22)
        text += ":" + std::to_string(port);
    return text;
}

Result<Endpoint> parseEndpoint(std::string_view text)
{
    const std::string whole(text);
    Endpoint endpoint;
    if (const auto at = text.rfind('@'); at != std::string_view::npos) {
        endpoint.user = std::string(text.substr(0, at));
        text.remove_prefix(at + 1);
        if (endpoint.user.empty() || endpoint.user.front() == '-' || !plainName(endpoint.user, false))
            return failure(FailureKind::Usage, whole + ": the user name may hold only letters, digits, '.', '_' and '-'");
    }
    std::string_view hostPart = text;
    std::string_view portPart;
    bool bracketed = false;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos)
            return failure(FailureKind::Usage, whole + ": '[' without ']' around an IPv6 address");
        hostPart = text.substr(1, close - 1);
        const auto rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':')
                return failure(FailureKind::Usage, whole + ": only ':PORT' may follow ']'");
            portPart = rest.substr(1);
            if (portPart.empty())
                return failure(FailureKind::Usage, whole + ": the port after ':' is missing");
        }
        bracketed = true;
    } else if (const auto colon = text.find(':'); colon != std::string_view::npos) {
        hostPart = text.substr(0, colon);
        portPart = text.substr(colon + 1);
        if (portPart.empty())
            return failure(FailureKind::Usage, whole + ": the port after ':' is missing");
    }
    if (hostPart.empty())
        return failure(FailureKind::Usage, whole + ": the host is missing");
    if (hostPart.front() == '-' || !plainName(hostPart, bracketed))
        return failure(FailureKind::Usage,
                       whole + ": the host may hold only letters, digits, '.', '_' and '-' (an IPv6 address in brackets)");
    endpoint.host = std::string(hostPart);
    if (!portPart.empty()) {
        auto port = parsePort(portPart, whole);
        if (!port)
            return tl::unexpected(port.error());
        endpoint.port = *port;
    }
    return endpoint;
}

Result<RemoteDirectory> parseRemoteDirectory(std::string_view text)
{
    const std::string whole(text);
    // host ends at its first ':' (after ']' for IPv6); "PORT:" may follow; the rest, colons included, is DIR.
    std::size_t hostEnd = 0;
    if (const auto at = text.find('@'); at != std::string_view::npos && at < text.find(':'))
        hostEnd = at + 1;
    if (hostEnd < text.size() && text[hostEnd] == '[') {
        const auto close = text.find(']', hostEnd);
        if (close == std::string_view::npos)
            return failure(FailureKind::Usage, whole + ": '[' without ']' around an IPv6 address");
        hostEnd = close + 1;
    }
    auto colon = text.find(':', hostEnd);
    if (colon == std::string_view::npos)
        return failure(FailureKind::Usage, whole + ": expected [user@]host[:port]:DIR");
    if (const auto next = text.find(':', colon + 1); next != std::string_view::npos) {
        const auto between = text.substr(colon + 1, next - colon - 1);
        if (!between.empty() && between.find_first_not_of("0123456789") == std::string_view::npos)
            colon = next;
    }
    auto endpoint = parseEndpoint(text.substr(0, colon));
    if (!endpoint)
        return tl::unexpected(endpoint.error());
    RemoteDirectory target{*endpoint, std::string(text.substr(colon + 1))};
    const auto &dir = target.directory;
    if (dir.empty())
        return failure(FailureKind::Usage, whole + ": the directory after ':' is missing");
    for (const unsigned char c : dir)
        if (c < 0x20 || c == 0x7f)
            return failure(FailureKind::Usage, whole + ": the directory holds a control character");
    auto trimmed = std::string_view(dir);
    while (trimmed.size() > 1 && trimmed.back() == '/')
        trimmed.remove_suffix(1);
    if (trimmed == "/" || trimmed == "." || trimmed == ".." || trimmed.ends_with("/..") || trimmed.ends_with("/."))
        return failure(FailureKind::Usage, whole + ": the directory must name a folder to create, not '/', '.' or '..'");
    target.directory = std::string(trimmed);
    return target;
}

} // namespace remote
