// The kg program: the shell (no subcommand) and the batch subcommands.
// This is the only translation unit that includes CLI11 (slow to compile).
#include <CLI/CLI.hpp>
#include <clocale>
#include <cstdio>

#include "shell/batch_commands.h"
#include "shell/query_command.h"
#include "shell/repl.h"
#include "shell/update_command.h"

int main(int argc, char** argv) {
  std::setlocale(LC_ALL, "");
  using namespace kg::shell;
  CLI::App app{
      "kg: a knowledge-graph store.\n"
      "Without a subcommand, opens the shell on DB (default: the database at\n"
      "$KG_HOME/default.kgdb, created with the bundled UN dataset on first "
      "use)."};
  app.set_version_flag("--version", "kg 0.1.0");
  app.require_subcommand(0, 1);
  std::string shell_db;
  app.add_option("DB", shell_db, "database folder to open in the shell");
  std::vector<std::string> shell_commands;
  app.add_option("-c,--command", shell_commands,
                 "run this statement (SPARQL, shorthand or a dot-command) "
                 "instead of reading the terminal, then exit; repeatable, "
                 "run in order, stopping at the first error")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);

  LoadArgs load;
  auto* load_cmd = app.add_subcommand(
      "load",
      "Load RDF files into DB (created if missing), all files in one atomic "
      "commit: on any error nothing is loaded.");
  load_cmd->add_option("DB", load.db, "database folder")->required();
  load_cmd
      ->add_option("FILE", load.files,
                   "files to load (.nt .nq .ttl .trig .rdf, each optionally "
                   ".gz), or - for stdin with --format")
      ->required();
  load_cmd->add_option(
      "--graph", load.graph,
      "IRI of the graph that triples outside any graph go into");
  load_cmd->add_option("--format", load.format,
                       "input format for every file: nt, nq, ttl, trig, rdf");
  load_cmd->add_option("--base", load.base, "base IRI for relative IRIs");
  load_cmd->add_flag("--lenient", load.lenient,
                     "skip bad statements, report how many and where");
  load_cmd->add_flag("-q,--quiet", load.quiet, "no progress bar");
  load_cmd
      ->add_option("--sort-memory", load.sort_budget_mb,
                   "MiB of memory for sorting before spilling to disk")
      ->capture_default_str();

  DumpArgs dump;
  auto* dump_cmd = app.add_subcommand("dump", "Write every quad of DB as RDF.");
  dump_cmd->add_option("DB", dump.db, "database folder")->required();
  dump_cmd->add_option("--format", dump.format, "nt, nq, ttl or trig")
      ->capture_default_str();
  dump_cmd->add_option("--graph", dump.graph,
                       "only this graph's IRI (or 'default')");
  dump_cmd->add_option("-o,--output", dump.output,
                       "file to write (default stdout)");

  std::string db;
  auto* stats_cmd = app.add_subcommand(
      "stats", "Show counts, quads per predicate and graph, bytes on disk.");
  stats_cmd->add_option("DB", db, "database folder")->required();
  auto* analyze_cmd = app.add_subcommand(
      "analyze", "Recompute every statistic exactly (distinct counts too).");
  analyze_cmd->add_option("DB", db, "database folder")->required();
  auto* check_cmd = app.add_subcommand(
      "check",
      "Verify that every index order, the dictionary and the statistics "
      "agree. Exit status 3 if they do not.");
  check_cmd->add_option("DB", db, "database folder")->required();

  auto* compact_cmd = app.add_subcommand(
      "compact",
      "Remove the dictionary entries no quad uses any longer (left by "
      "removals) and compact the files on disk; prints the terms and bytes "
      "reclaimed. Needs the database to itself.");
  compact_cmd->add_option("DB", db, "database folder")->required();
  std::string backup_dir;
  auto* backup_cmd = app.add_subcommand(
      "backup",
      "Copy DB, consistently, into the new folder DIR. While another process "
      "holds DB, run .backup DIR in that process's shell instead.");
  backup_cmd->add_option("DB", db, "database folder")->required();
  backup_cmd->add_option("DIR", backup_dir, "new folder for the copy")
      ->required();
  auto* restore_cmd = app.add_subcommand(
      "restore",
      "Make the new database DB from a backup in DIR. The copy is checked "
      "(as kg check does) before it appears at DB; on any error nothing is "
      "left at DB.");
  restore_cmd->add_option("DIR", backup_dir, "folder holding the backup")
      ->required();
  restore_cmd->add_option("DB", db, "new database folder")->required();

  QueryArgs query;
  auto* query_cmd = app.add_subcommand(
      "query",
      "Run a SPARQL 1.1 query on DB and print the result. Ctrl-C cancels it.");
  query_cmd->add_option("DB", query.db, "database folder")->required();
  query_cmd->add_option("QUERY", query.text, "the query text");
  query_cmd->add_option("-f,--file", query.file,
                        "read the query from FILE (- for stdin)");
  query_cmd->add_option("--format", query.format,
                        "table, json, xml, csv, tsv (SELECT/ASK) or nt, ttl "
                        "(CONSTRUCT/DESCRIBE); default: table on a terminal, "
                        "TSV (or N-Triples) otherwise");
  query_cmd->add_flag("--strict", query.strict,
                      "the default graph is the store's default graph only "
                      "(default: the union of all graphs)");
  query_cmd->add_flag("--time", query.time,
                      "print the engine's time (opening excluded) on stderr");
  query_cmd->add_flag(
      "--explain", query.explain,
      "print the chosen plan with estimated rows instead of running");
  query_cmd->add_flag(
      "--analyze", query.analyze,
      "run the query and print the plan with actual rows and time");
  query_cmd
      ->add_option("--repeat", query.repeat,
                   "run N times in this process (for warm timings); prints "
                   "the result of the last run")
      ->capture_default_str();
  query_cmd
      ->add_option("--timeout", query.timeout_s,
                   "seconds before the query is stopped (0: none)")
      ->capture_default_str();
  query_cmd
      ->add_option("--memory", query.memory_mb,
                   "MiB the query may hold (0: no limit)")
      ->capture_default_str();

  UpdateArgs update;
  auto* update_cmd = app.add_subcommand(
      "update",
      "Apply a SPARQL 1.1 update request to DB as one atomic transaction "
      "(operations separated by ';' all apply or none do) and print what "
      "changed, per graph.");
  update_cmd->add_option("DB", update.db, "database folder")->required();
  update_cmd->add_option("UPDATE", update.text, "the update text");
  update_cmd->add_option("-f,--file", update.file,
                         "read the request from FILE (- for stdin)");
  update_cmd->add_flag(
      "--strict", update.strict,
      "the default graph is the store's default graph only; without it a "
      "DELETE without GRAPH removes the triple from every graph holding it");
  update_cmd
      ->add_option("--load-dir", update.load_dir,
                   "the only folder SPARQL LOAD may read files from "
                   "('' refuses every LOAD)")
      ->capture_default_str();
  update_cmd->add_flag("--no-sync", update.no_sync,
                       "do not wait for the log to reach the disk (faster; "
                       "a power loss may lose this update)");
  update_cmd->add_flag("--time", update.time,
                       "print the time taken (opening excluded) on stderr");
  update_cmd->add_flag("-q,--quiet", update.quiet, "print nothing on success");

  app.footer(
      "Exit status: 0 success, 1 error, 2 bad command line, 3 check found "
      "damage.\nRun 'kg COMMAND --help' for a command's options.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  if (*load_cmd) return RunLoad(load);
  if (*dump_cmd) return RunDump(dump);
  if (*query_cmd) return RunQuery(query);
  if (*update_cmd) return RunUpdate(update);
  if (*stats_cmd) return RunStats(db);
  if (*analyze_cmd) return RunAnalyze(db);
  if (*check_cmd) return RunCheck(db);
  if (*compact_cmd) return RunCompact(db);
  if (*backup_cmd) return RunBackup(db, backup_dir);
  if (*restore_cmd) return RunRestore(backup_dir, db);
  bool is_default = shell_db.empty();
  return RunRepl(is_default ? DefaultDatabasePath() : shell_db, is_default,
                 shell_commands);
}
