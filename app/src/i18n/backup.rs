//! What backups, restores and the backup schedule say, on the command line and the admin page.

use std::fmt;

use super::Locale;

pub enum BackupSay<'a> {
    Foreign,
    NewerFormat(u32),
    OtherBackend {
        backup: &'a str,
        database: &'a str,
    },
    NewerSchema {
        backup: i64,
        known: i64,
    },
    Damaged(&'a str),
    NotEmpty,
    ToolMissing(&'a str),
    ToolFailed {
        tool: &'a str,
        message: &'a str,
    },
    Differs(&'a [String]),
    NeedsFileStore,
    StoredFileDamaged(&'a str),
    Integrity(&'a str),
    Zip(&'a dyn fmt::Display),
    /// `roadmap backup` wrote its file.
    Written {
        path: &'a dyn fmt::Display,
        tables: usize,
        rows: u64,
        files: usize,
        schema_level: i64,
    },
    /// `roadmap restore` finished.
    Restored {
        from: &'a dyn fmt::Display,
        created_at: &'a str,
        tables: usize,
        rows: u64,
        files: usize,
    },
    /// Where a forced restore put the database it replaced.
    PreviousKept(&'a dyn fmt::Display),
    /// `--backup-every` could not be read.
    BadInterval(&'a str),
}

impl Locale {
    pub fn backup_say(self, say: &BackupSay) -> String {
        let zh = self == Locale::Zh;
        match say {
            BackupSay::Foreign => self
                .pick(
                    "这不是 Roadmap 的备份文件（不是 zip，或没有 Roadmap 的 manifest.json），未做任何改动",
                    "this is not a Roadmap backup (not a zip, or no Roadmap manifest.json); nothing was changed",
                )
                .into(),
            BackupSay::NewerFormat(v) if zh => {
                format!("备份文件格式为第 {v} 版，比本程序新；请用生成它的 Roadmap 版本恢复")
            }
            BackupSay::NewerFormat(v) => format!(
                "the backup's format is version {v}, newer than this program's; restore it with the Roadmap version that made it"
            ),
            BackupSay::OtherBackend { backup, database } if zh => format!(
                "这是 {backup} 数据库的备份，不能恢复到 {database} 数据库；请把 --database-url 指向 {backup} 数据库"
            ),
            BackupSay::OtherBackend { backup, database } => format!(
                "this backup is of a {backup} database and cannot be restored into {database}; point --database-url at a {backup} database"
            ),
            BackupSay::NewerSchema { backup, known } if zh => format!(
                "备份的数据库结构为第 {backup} 级，本程序只认识到第 {known} 级；请用新版 Roadmap 恢复"
            ),
            BackupSay::NewerSchema { backup, known } => format!(
                "the backup's schema is at level {backup}, this program knows up to {known}; restore it with a newer Roadmap"
            ),
            BackupSay::Damaged(entry) if zh => {
                format!("备份文件已损坏：“{entry}”缺失或与清单中的大小和 SHA-256 不符；未做任何改动")
            }
            BackupSay::Damaged(entry) => format!(
                "the backup is damaged: “{entry}” is missing or does not match the size and SHA-256 in its manifest; nothing was changed"
            ),
            BackupSay::NotEmpty => self
                .pick(
                    "目标数据库中已有数据（路线图、单位、用户或项目）。恢复只写入空数据库；要替换它，请加 --force（会先把它备份）",
                    "the target database already holds data (a roadmap, units, users or projects). A restore only goes into an empty database; to replace it, add --force (it is backed up first)",
                )
                .into(),
            BackupSay::ToolMissing(tool) if zh => format!(
                "找不到 PostgreSQL 客户端程序 {tool}：请安装与数据库服务器同版本或更新的 postgresql-client（如 apt install postgresql-client-15）"
            ),
            BackupSay::ToolMissing(tool) => format!(
                "the PostgreSQL client program {tool} is not installed: install a postgresql-client of the server's version or newer (e.g. apt install postgresql-client-15)"
            ),
            BackupSay::ToolFailed { tool, message } if zh => format!("{tool} 执行失败：{message}"),
            BackupSay::ToolFailed { tool, message } => format!("{tool} failed: {message}"),
            BackupSay::Differs(tables) if zh => format!(
                "恢复后的数据与备份不一致（{}），请勿使用该数据库",
                tables.join("、")
            ),
            BackupSay::Differs(tables) => format!(
                "the restored data differs from the backup ({}); do not use that database",
                tables.join(", ")
            ),
            BackupSay::NeedsFileStore => self
                .pick(
                    "数据库中记录的部分文件保存在数据库之外：请用服务器相同的 --evidence-dir 或 --evidence-s3 运行此命令",
                    "some files the database records are kept outside it: run this command with the server's --evidence-dir or --evidence-s3",
                )
                .into(),
            BackupSay::StoredFileDamaged(sha) if zh => {
                format!("外部存储中的文件 {sha} 内容与其 SHA-256 不符，备份已停止")
            }
            BackupSay::StoredFileDamaged(sha) => format!(
                "the stored file {sha} does not match its SHA-256; the backup stopped"
            ),
            BackupSay::Integrity(problem) if zh => {
                format!("恢复后的数据库未通过完整性检查：{problem}")
            }
            BackupSay::Integrity(problem) => {
                format!("the restored database fails its integrity check: {problem}")
            }
            BackupSay::Zip(e) if zh => format!("无法读写备份文件：{e}"),
            BackupSay::Zip(e) => format!("cannot read or write the backup file: {e}"),
            BackupSay::Written {
                path,
                tables,
                rows,
                files,
                schema_level,
            } if zh => format!(
                "已备份到 {path}：{tables} 张表共 {} 行，{files} 个外部文件，数据库结构第 {schema_level} 级",
                self.count(*rows as usize)
            ),
            BackupSay::Written {
                path,
                tables,
                rows,
                files,
                schema_level,
            } => format!(
                "Backed up to {path}: {tables} tables, {} rows, {files} files kept outside the database, schema level {schema_level}",
                self.count(*rows as usize)
            ),
            BackupSay::Restored {
                from,
                created_at,
                tables,
                rows,
                files,
            } if zh => format!(
                "已从 {from}（备份于 {created_at}）恢复：{tables} 张表共 {} 行逐表核对一致，{files} 个外部文件",
                self.count(*rows as usize)
            ),
            BackupSay::Restored {
                from,
                created_at,
                tables,
                rows,
                files,
            } => format!(
                "Restored from {from} (taken {created_at}): {tables} tables, {} rows, each table checked against the backup; {files} outside files",
                self.count(*rows as usize)
            ),
            BackupSay::PreviousKept(path) if zh => format!("被替换的数据库已先备份到 {path}"),
            BackupSay::PreviousKept(path) => {
                format!("The database that was replaced is backed up in {path}")
            }
            BackupSay::BadInterval(given) if zh => format!(
                "无法识别的间隔“{given}”：请写成 30m、6h、24h 或 7d 这样的形式"
            ),
            BackupSay::BadInterval(given) => format!(
                "cannot read the interval “{given}”: write it like 30m, 6h, 24h or 7d"
            ),
        }
    }
}

impl fmt::Display for BackupSay<'_> {
    /// In the process's language (the command line's).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Locale::process().backup_say(self))
    }
}
