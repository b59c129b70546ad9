<?php
// Makes a freshly installed Moodle the lab site the contract fixtures were recorded on, and prints the tokens.
// Idempotent: every step looks for what an earlier run made before making it. Run with the PHP CLI:
//   php setup-site.php <moodle dir>
// Output (stdout, one per line, nothing else): name=token. admin: the pipeline's, on a service with the user and
// cohort functions. admin-users, nocap, limited: on a service with the six functions the fixtures were recorded with.
define('CLI_SCRIPT', true);
require($argv[1] . '/config.php');
require_once($CFG->libdir . '/clilib.php');
require_once($CFG->dirroot . '/user/lib.php');
require_once($CFG->dirroot . '/user/profile/definelib.php');

$userfunctions = [
    'core_webservice_get_site_info', 'core_user_get_users_by_field', 'core_user_get_users',
    'core_user_create_users', 'core_user_update_users', 'core_user_delete_users',
];
$cohortfunctions = [
    'core_cohort_create_cohorts', 'core_cohort_search_cohorts', 'core_cohort_get_cohorts', 'core_cohort_update_cohorts',
    'core_cohort_delete_cohorts', 'core_cohort_add_cohort_members', 'core_cohort_delete_cohort_members',
    'core_cohort_get_cohort_members',
];

set_config('enablewebservices', 1);
set_config('webserviceprotocols', 'rest');

/** An enabled external service holding exactly $functions (a web-service token belongs to one service). */
function pipeline_service(string $shortname, string $name, array $functions): stdClass {
    global $DB;
    $service = $DB->get_record('external_services', ['shortname' => $shortname]);
    if (!$service) {
        $service = (object) [
            'name' => $name, 'shortname' => $shortname, 'enabled' => 1, 'restrictedusers' => 0,
            'requiredcapability' => '', 'downloadfiles' => 0, 'uploadfiles' => 0,
            'timecreated' => time(), 'timemodified' => time(),
        ];
        $service->id = $DB->insert_record('external_services', $service);
    }
    foreach ($functions as $function) {
        if (!$DB->record_exists('external_services_functions', ['externalserviceid' => $service->id, 'functionname' => $function])) {
            $DB->insert_record('external_services_functions', (object) ['externalserviceid' => $service->id, 'functionname' => $function]);
        }
    }
    return $service;
}

/** The user's permanent token for the service, made once. */
function pipeline_token(stdClass $service, stdClass $user): string {
    global $DB;
    $existing = $DB->get_record('external_tokens', [
        'externalserviceid' => $service->id, 'userid' => $user->id, 'tokentype' => EXTERNAL_TOKEN_PERMANENT,
    ], 'token', IGNORE_MULTIPLE);
    if ($existing) {
        return $existing->token;
    }
    return \core_external\util::generate_token(EXTERNAL_TOKEN_PERMANENT, $service, $user->id, context_system::instance(), 0, '');
}

/** A manual account made once (ids 3 and 4 on a fresh site, as on the recorded one). */
function pipeline_user(string $username, string $firstname): stdClass {
    global $DB, $CFG;
    $user = $DB->get_record('user', ['username' => $username, 'mnethostid' => $CFG->mnet_localhost_id]);
    if ($user) {
        return $user;
    }
    $id = user_create_user((object) [
        'username' => $username, 'firstname' => $firstname, 'lastname' => 'User', 'email' => $username . '@example.com',
        'auth' => 'manual', 'confirmed' => 1, 'mnethostid' => $CFG->mnet_localhost_id,
        'password' => 'Ws#' . bin2hex(random_bytes(8)) . 'aA1',
    ], true, false);
    return $DB->get_record('user', ['id' => $id]);
}

// The recorded site had a text profile field "costcenter" (fixtures 02, 16, 29).
if (!$DB->record_exists('user_info_field', ['shortname' => 'costcenter'])) {
    $category = $DB->get_record('user_info_category', [], '*', IGNORE_MULTIPLE);
    if (!$category) {
        $category = (object) ['name' => 'Other fields', 'sortorder' => 1];
        $category->id = $DB->insert_record('user_info_category', $category);
    }
    $DB->insert_record('user_info_field', (object) [
        'shortname' => 'costcenter', 'name' => 'Cost center', 'datatype' => 'text', 'description' => '',
        'descriptionformat' => FORMAT_HTML, 'categoryid' => $category->id, 'sortorder' => 1, 'required' => 0,
        'locked' => 0, 'visible' => 2, 'forceunique' => 0, 'signup' => 0, 'defaultdata' => '',
        'defaultdataformat' => FORMAT_MOODLE, 'param1' => 30, 'param2' => 2048, 'param3' => 0, 'param4' => '', 'param5' => '',
    ]);
}

$admin = get_admin();
$full = pipeline_service('pipeline', 'BambooHR sync pipeline', array_merge($userfunctions, $cohortfunctions));
$usersonly = pipeline_service('pipeline_users', 'BambooHR sync pipeline (user functions only)', $userfunctions);

// wsnocap lacks webservice/rest:use (every call: accessexception); wslimited has it and nothing else.
$nocap = pipeline_user('wsnocap', 'NoCap');
$limited = pipeline_user('wslimited', 'Limited');
$role = $DB->get_record('role', ['shortname' => 'wsrestonly']);
if (!$role) {
    $roleid = create_role('Web service REST only', 'wsrestonly', 'Only webservice/rest:use', '');
    set_role_contextlevels($roleid, [CONTEXT_SYSTEM]);
    assign_capability('webservice/rest:use', CAP_ALLOW, $roleid, context_system::instance()->id, true);
    $role = $DB->get_record('role', ['id' => $roleid]);
}
role_assign($role->id, $limited->id, context_system::instance()->id);

$tokens = [
    'admin' => pipeline_token($full, $admin),
    'admin-users' => pipeline_token($usersonly, $admin),
    'nocap' => pipeline_token($usersonly, $nocap),
    'limited' => pipeline_token($usersonly, $limited),
];
purge_caches();
foreach ($tokens as $name => $token) {
    echo $name, '=', $token, "\n";
}
