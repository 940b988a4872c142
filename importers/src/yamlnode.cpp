// SPDX-License-Identifier: MIT
#include "yamlnode.h"

namespace importers::detail {

const std::string &YamlNode::scalar() const
{
    static const std::string empty;
    return isScalar() ? node().scalar : empty;
}

std::size_t YamlNode::size() const
{
    if (isSequence())
        return node().children.size();
    if (isMap())
        return node().children.size() / 2;
    return 0;
}

YamlNode YamlNode::get(std::string_view key) const
{
    for (const auto &entry : entries())
        if (entry.key.isScalar() && entry.key.scalar() == key)
            return entry.value;
    return {};
}

YamlNode::Range<YamlNode, 1> YamlNode::elements() const
{
    if (!isSequence())
        return {nullptr, nullptr, nullptr};
    const auto &children = node().children;
    return {m_storage, children.data(), children.data() + children.size()};
}

YamlNode::Range<YamlEntry, 2> YamlNode::entries() const
{
    if (!isMap())
        return {nullptr, nullptr, nullptr};
    const auto &children = node().children;
    return {m_storage, children.data(), children.data() + (children.size() & ~std::size_t{1})};
}

} // namespace importers::detail
