<?php
// Hard-deletes every account except guest, the site admins and the web-service accounts setup-site.php made,
// soft-deleted rows included, with the rows that hang off them. Moodle's own delete keeps each row
// (deleted = 1), and every core_user_create_users scans the whole table for duplicate e-mails, so a test
// database that only ever soft-deletes gets slower run after run; this keeps it small.
// Run with the PHP CLI: php reset-users.php <moodle dir>; prints the number of accounts removed.
define('CLI_SCRIPT', true);
require($argv[1] . '/config.php');

$keep = array_merge([$CFG->siteguest], explode(',', $CFG->siteadmins));
$keep = array_merge($keep, $DB->get_fieldset_select('user', 'id', "username IN ('wsnocap', 'wslimited')"));
[$notin, $params] = $DB->get_in_or_equal($keep, SQL_PARAMS_NAMED, 'k', false);
$ids = $DB->get_fieldset_select('user', 'id', "id $notin", $params);

$transaction = $DB->start_delegated_transaction();
foreach (array_chunk($ids, 1000) as $chunk) {
    [$in, $p] = $DB->get_in_or_equal($chunk, SQL_PARAMS_NAMED);
    foreach (['cohort_members', 'user_preferences', 'user_info_data', 'user_password_history', 'user_enrolments',
              'role_assignments', 'external_tokens', 'user_private_key', 'user_lastaccess', 'sessions',
              'user_devices', 'message_users_blocked', 'favourite'] as $table) {
        if ($DB->get_manager()->table_exists($table)) {
            $DB->delete_records_select($table, "userid $in", $p);
        }
    }
    $DB->delete_records_select('context', 'contextlevel = ' . CONTEXT_USER . " AND instanceid $in", $p);
    $DB->delete_records_select('user', "id $in", $p);
}
$transaction->allow_commit();
\cache_helper::purge_all();
echo count($ids), "\n";
