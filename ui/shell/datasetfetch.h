// Runs a DatasetDownloader off the GUI thread for the welcome page: progress, cancel, and the
// cached file's path when it is there. The URL and an optional pinned SHA-256 come from settings.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include "base/error.h"
#include "data/datasetdownload.h"

namespace covertype::ui {

class DatasetFetch : public QObject
{
    Q_OBJECT

public:
    explicit DatasetFetch(QObject *parent = nullptr);
    ~DatasetFetch() override;

    /// The implementation to use (app/ hands in the libcurl one); none disables downloading.
    void setDownloader(DatasetDownloader *downloader) { m_downloader = downloader; }
    [[nodiscard]] bool isAvailable() const { return m_downloader != nullptr; }
    [[nodiscard]] bool isRunning() const { return m_watcher.isRunning(); }

    /// Where downloads are cached: AppDataLocation/downloads.
    [[nodiscard]] static QString cacheDir();
    /// Settings "download/url" (default: the UCI archive) and "download/sha256" (empty).
    [[nodiscard]] static QString configuredUrl();
    [[nodiscard]] static QString configuredSha256();

    /// Starts fetching `url` into cacheDir() (remembering it as the configured URL). Emits
    /// failed() at once when no downloader is set or one is already running.
    void start(const QString &url);
    void cancel();

signals:
    /// Bytes received and expected (0 while unknown), at most a few times a second.
    void progress(qint64 received, qint64 expected);
    void finished(const QString &path, const QString &sha256, qint64 bytes, bool fromCache);
    void failed(const QString &message);
    void cancelled();

private:
    void done();

    DatasetDownloader *m_downloader = nullptr;
    QString m_url;
    QFutureWatcher<Expected<DownloadResult>> m_watcher;
};

}  // namespace covertype::ui
