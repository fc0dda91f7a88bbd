// The first page: what the workbench does, open a data file, the recent files.
#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace covertype::ui {

class WelcomePage : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget *parent = nullptr);
    void setRecentFiles(const QStringList &paths);
    /// The download URL shown (from settings) and whether downloading is possible.
    void setDownload(const QString &url, bool available);
    /// What the download is doing ("" hides the line); `busy` disables the button.
    void setDownloadState(const QString &text, bool busy);

signals:
    void openRequested();
    void recentRequested(const QString &path);
    void downloadRequested(const QString &url);

private:
    QListWidget *m_recent = nullptr;
    QLineEdit *m_url = nullptr;
    QPushButton *m_download = nullptr;
    QLabel *m_downloadState = nullptr;
};

}  // namespace covertype::ui
