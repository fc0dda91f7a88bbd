// Fetching a data set in the background; see datasetfetch.h.
#include "datasetfetch.h"

#include <QDir>
#include <QPromise>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <chrono>
#include <climits>

namespace covertype::ui {

namespace {
const QString kUrlKey = QStringLiteral("download/url");
const QString kShaKey = QStringLiteral("download/sha256");
}  // namespace

DatasetFetch::DatasetFetch(QObject *parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &DatasetFetch::done);
    connect(&m_watcher, &QFutureWatcherBase::progressValueChanged, this, [this] {
        // The promise reports kilobytes (an int); the text carries the expected size.
        const qint64 expected = m_watcher.progressText().toLongLong();
        emit progress(qint64(m_watcher.progressValue()) * 1024, expected);
    });
}

DatasetFetch::~DatasetFetch()
{
    if (m_watcher.isRunning()) {
        m_watcher.cancel();
        m_watcher.waitForFinished();
    }
}

QString DatasetFetch::cacheDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("downloads"));
}

QString DatasetFetch::configuredUrl()
{
    return QSettings().value(kUrlKey, QString::fromLatin1(kUciCovertypeUrl)).toString();
}

QString DatasetFetch::configuredSha256()
{
    return QSettings().value(kShaKey).toString().trimmed().toLower();
}

void DatasetFetch::start(const QString &url)
{
    if (!m_downloader) {
        emit failed(tr("Downloading is not available in this build."));
        return;
    }
    if (m_watcher.isRunning()) {
        emit failed(tr("A download is already running."));
        return;
    }
    m_url = url.trimmed();
    QSettings().setValue(kUrlKey, m_url);
    DownloadRequest request;
    request.url = m_url.toStdString();
    request.cacheDir = cacheDir().toStdString();
    // Keep the server's file name, so a different URL does not overwrite the UCI archive.
    const QString name = QUrl(m_url).fileName();
    if (!name.isEmpty())
        request.fileName = name.toStdString();
    request.expectedSha256 = configuredSha256().toStdString();

    DatasetDownloader *downloader = m_downloader;
    m_watcher.setFuture(QtConcurrent::run([downloader,
                                           request](QPromise<Expected<DownloadResult>> &promise) {
        using Clock = std::chrono::steady_clock;
        auto last = Clock::time_point{};
        promise.setProgressRange(0, INT_MAX);
        auto result = downloader->download(request, [&](int64_t received, int64_t expected) {
            if (promise.isCanceled())
                return false;
            const auto now = Clock::now();
            if (now - last > std::chrono::milliseconds(100) || received == expected) {
                last = now;
                promise.setProgressValueAndText(int(std::min<int64_t>(received / 1024, INT_MAX)),
                                                QString::number(expected));
            }
            return true;
        });
        promise.addResult(std::move(result));
    }));
}

void DatasetFetch::cancel()
{
    m_watcher.cancel();
}

void DatasetFetch::done()
{
    const QFuture<Expected<DownloadResult>> future = m_watcher.future();
    if (future.resultCount() == 0) {
        emit cancelled();
        return;
    }
    const Expected<DownloadResult> result = future.result();
    if (!result) {
        if (result.error().code == ErrorCode::Cancelled)
            emit cancelled();
        else
            emit failed(QString::fromStdString(result.error().message));
        return;
    }
    emit finished(QString::fromStdString(result->path), QString::fromStdString(result->sha256),
                  qint64(result->bytes), result->fromCache);
}

}  // namespace covertype::ui
