"""Every verb the audit log knows, in one place.

The values are what is stored in `AuditEntry.verb`: never change one, or old entries
lose their meaning; add a new member instead. Product code passes these members to
`makelaar.base.audit.record` and queries with them; tests/base/test_audit_verbs.py
checks that no verb is written as a string literal and that every member is used.
"""

from enum import StrEnum


class Verb(StrEnum):
    ABANDON_HAND_OFF = "abandon_hand_off"
    ACKNOWLEDGE_SIGNAL = "acknowledge_signal"
    ADD_APPRECIATION = "add_appreciation"
    ADD_CONTACT = "add_contact"
    ADD_KEY_PERSON = "add_key_person"
    ADMIN_ADD = "admin_add"
    ADMIN_CHANGE = "admin_change"
    ADMIN_DELETE = "admin_delete"
    ADMIN_SET_PASSWORD = "admin_set_password"
    ANSWER_SIGNAL = "answer_signal"
    ANSWER_SIGNAL_BY_NEED = "answer_signal_by_need"
    ASK_SENDER = "ask_sender"
    CHANGE_PASSWORD = "change_password"
    CHANGE_ROLE = "change_role"
    CLOSE_SIGNAL = "close_signal"
    COLLECTIVISE_SIGNAL = "collectivise_signal"
    COMPLETE_HAND_OFF = "complete_hand_off"
    CONFIRM_IMPORT = "confirm_import"
    #: Written once, by initiatives/migrations/0008_sane_ranges.py (a frozen literal there).
    CORRECT_OUT_OF_RANGE = "correct_out_of_range"
    CREATE_AREA = "create_area"
    CREATE_FUND = "create_fund"
    CREATE_GOAL = "create_goal"
    CREATE_INITIATIVE = "create_initiative"
    CREATE_NEIGHBOURHOOD = "create_neighbourhood"
    CREATE_ORGANISATION = "create_organisation"
    #: A first sign-in through single sign-on (makelaar/base/oidc.py) made the account.
    CREATE_SSO_USER = "create_sso_user"
    CREATE_USER = "create_user"
    CREATE_VOLUNTEER = "create_volunteer"
    DEACTIVATE_USER = "deactivate_user"
    DELETE_API_CALLS = "delete_api_calls"
    DELETE_EXPORT = "delete_export"
    DELETE_IMPORT_BATCH = "delete_import_batch"
    DELETE_INITIATOR_CONTACT = "delete_initiator_contact"
    DELETE_LOGIN_FAILURE = "delete_login_failure"
    DELETE_PARTNER_LINK_ADDRESS = "delete_partner_link_address"
    DELETE_SIGNAL = "delete_signal"
    DELETE_VOLUNTEER = "delete_volunteer"
    DISABLE_TWO_FACTOR = "disable_two_factor"
    DISCARD_IMPORT = "discard_import"
    DISSOLVE_NEED = "dissolve_need"
    ENABLE_TWO_FACTOR = "enable_two_factor"
    FAIL_EXPORT = "fail_export"
    FINISH_EXPORT = "finish_export"
    FORWARD_SIGNAL = "forward_signal"
    GIVE_FEEDBACK = "give_feedback"
    HAND_OVER_NETWORK = "hand_over_network"
    #: The administrator let an existing account sign in through single sign-on.
    LINK_SSO_SUBJECT = "link_sso_subject"
    IMPORT_AREAS = "import_areas"
    ISSUE_API_CLIENT = "issue_api_client"
    LOG_NETWORK_CONTACT = "log_network_contact"
    LOAD_CBS_FIGURES = "load_cbs_figures"
    LOAD_OUTLINES = "load_outlines"
    MAP_IMPORT_COLUMNS = "map_import_columns"
    MOVE_PHASE = "move_phase"
    PARTNER_ANSWER_CHECK_IN = "partner_answer_check_in"
    PARTNER_CONFIRM_AGREEMENTS = "partner_confirm_agreements"
    PARTNER_CONFIRM_MAP_ENTRY = "partner_confirm_map_entry"
    PAUSE_HAND_OFF = "pause_hand_off"
    RECORD_CHECK_IN = "record_check_in"
    RECORD_PERIOD_FIGURES = "record_period_figures"
    RECORD_WIJK_SIGNAL = "record_wijk_signal"
    REFER_CLIENTS = "refer_clients"
    RELEASE_SIGNAL = "release_signal"
    REPLY_TO_QUESTION = "reply_to_question"
    REMIND_CHECK_IN = "remind_check_in"
    REMIND_SIGNAL = "remind_signal"
    REOPEN_SIGNAL = "reopen_signal"
    REQUEST_EXPORT = "request_export"
    RESET_TWO_FACTOR = "reset_two_factor"
    RESUME_HAND_OFF = "resume_hand_off"
    REVOKE_PARTNER_LINK = "revoke_partner_link"
    RETIRE_KEY_PERSON = "retire_key_person"
    RETURN_SIGNAL = "return_signal"
    REVOKE_API_CLIENT = "revoke_api_client"
    SEND_DIGEST = "send_digest"
    SEND_PARTNER_LINK = "send_partner_link"
    STAGE_IMPORT = "stage_import"
    START_EXPORT = "start_export"
    START_HAND_OFF = "start_hand_off"
    STOP_INITIATIVE = "stop_initiative"
    TAKE_SIGNAL = "take_signal"
    UPDATE_FUND = "update_fund"
    UPDATE_GOAL = "update_goal"
    UPDATE_HAND_OFF = "update_hand_off"
    UPDATE_INITIATIVE = "update_initiative"
    UPDATE_KEY_PERSON = "update_key_person"
    UPDATE_NETWORK_CONTACT = "update_network_contact"
    UPDATE_NEIGHBOURHOOD_PROFILE = "update_neighbourhood_profile"
    UPDATE_ORGANISATION = "update_organisation"
    UPDATE_PREFERENCES = "update_preferences"
    #: A later sign-in through single sign-on changed the role, team or name.
    UPDATE_SSO_USER = "update_sso_user"
    UPDATE_VOLUNTEER = "update_volunteer"
    VERIFY_TWO_FACTOR = "verify_two_factor"
    WITHDRAW_SIGNAL = "withdraw_signal"
    WRITE_AREA_REPORT = "write_area_report"


#: The verbs whose entries record the time step of an accepted two-factor code;
#: the replay guard (makelaar.base.totp.last_used_time_step) reads the last of them.
TWO_FACTOR_CODE_VERBS = (Verb.ENABLE_TWO_FACTOR, Verb.VERIFY_TWO_FACTOR, Verb.DISABLE_TWO_FACTOR)

#: `makelaar.base.audit.log_deletion`: the verb for each kind of removed record.
DELETION_VERBS = {
    "api_call": Verb.DELETE_API_CALLS,
    "export": Verb.DELETE_EXPORT,
    "import_batch": Verb.DELETE_IMPORT_BATCH,
    "initiator_contact": Verb.DELETE_INITIATOR_CONTACT,
    "login_failure": Verb.DELETE_LOGIN_FAILURE,
    "partner_link_address": Verb.DELETE_PARTNER_LINK_ADDRESS,
    "signal": Verb.DELETE_SIGNAL,
    "volunteer": Verb.DELETE_VOLUNTEER,
}
