// A continuation on the thread of `context` when a future finishes, dropped when `context` goes
// first. QFuture::then(context, ...) in Qt 6.4 reads the context from the worker thread and can
// post to an object being deleted (a crash in the event loop later); a watcher owned by the
// context disconnects on the context's own thread instead.
#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

#include <utility>

namespace covertype {

/// Calls `fn(result)` on `context`'s thread once `future` finishes, unless `context` is
/// destroyed before.
template <typename T, typename Fn>
void whenFinished(QObject *context, QFuture<T> future, Fn &&fn)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher,
                     [watcher, fn = std::forward<Fn>(fn)]() mutable {
                         watcher->deleteLater();
                         fn(watcher->result());
                     });
    watcher->setFuture(std::move(future));
}

}  // namespace covertype
