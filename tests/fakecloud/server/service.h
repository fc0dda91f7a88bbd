// One fake Google service (OAuth, metadata, Cloud Storage, ...) behind the shared port.
#pragma once

#include "server/exchange.h"

namespace covertype::fakecloud {

class Service
{
public:
    virtual ~Service() = default;
    /// True when this service answers the request's path ("/storage/v1/...").
    [[nodiscard]] virtual bool accepts(const Request &request) const = 0;
    /// True when the request needs `Authorization: Bearer <valid token>` (401 otherwise).
    [[nodiscard]] virtual bool requiresToken() const { return true; }
    /// Answers a whole request. Called from connection threads: implementations lock their state.
    [[nodiscard]] virtual Response handle(const Request &request) = 0;
    /// A request whose body was cut off (dropped connection): most services ignore it; a
    /// resumable upload keeps what it had persisted.
    virtual void interrupted(const Request & /*request*/) {}
};

}  // namespace covertype::fakecloud
