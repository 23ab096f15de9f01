namespace Bezirksplattform.Counselling.DataProtection;

/// <summary>One category of data: where it is stored and why, on what legal basis, how long, for whom.</summary>
internal sealed record DataCategory(
    string Name, string Table, IReadOnlyList<string> Columns, string DataSubjects, string Purpose, string LegalBasis, string Retention,
    string Recipients, bool SpecialCategory = false);

/// <summary>
/// The module's data catalogue, the source of the records of processing (Art. 30 DSGVO) and of the
/// table notes in the subject access export. It names every column of every table in schema
/// counselling; a test compares it with the database, so a new column without an entry fails.
/// The legal bases are the project's proposal for the data protection officer to confirm.
/// </summary>
internal static class DataCatalogue
{
    public const string Purpose = "Beschäftigungsberatung im Bezirk: Beratung arbeitsuchender Menschen, junger Menschen, Engagierter, "
        + "Unternehmen und Vereine; Vermittlung an Partner und an das Gründungscoaching; Nachweis und Berichterstattung gegenüber den "
        + "Fördermittelgebern (ESF Plus, Soziale Stadt).";

    private const string Counselling = "Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 BlnDSG (Aufgabe im öffentlichen Interesse: bezirkliche "
        + "Beschäftigungsförderung); Beratung auf Wunsch der Person (Einwilligung in die Beratung, Art. 6 Abs. 1 lit. a DSGVO)";

    private const string Esf = "Art. 6 Abs. 1 lit. c und e DSGVO i. V. m. Art. 17 und Anhang I der Verordnung (EU) 2021/1057 (ESF Plus) "
        + "und Art. 4, 72, 82 der Verordnung (EU) 2021/1060";

    private const string Staff = "Art. 6 Abs. 1 lit. c und e DSGVO i. V. m. Art. 5 Abs. 2, 24, 32 DSGVO (Rechenschaft, Sicherheit der "
        + "Verarbeitung) und Beschäftigtendatenschutz des Landes";

    private const string Internal = "Nur die Beraterinnen und Berater des zuständigen Teams und Administratorinnen/Administratoren; "
        + "keine Übermittlung";

    private const string Funders = "Fördermittelgeber (ESF-Verwaltungsbehörde, Soziale Stadt) nur als zusammengefasste Zahlen; "
        + "Zahlen unter 5 werden in Veröffentlichungen unterdrückt; Prüfbehörden (Art. 82 VO (EU) 2021/1060) auf Anforderung";

    public static IReadOnlyList<DataCategory> Categories(RetentionOptions options)
    {
        var inactive = $"bis {options.InactiveYears} Jahre nach der letzten Aktivität (Beratung, Fallaktivität, Abschluss, Vermittlung), "
            + "dann löscht der nächtliche Aufbewahrungsjob; vorher auf Antrag (Art. 17 DSGVO)";
        var esfHold = "bis zum Ende der ESF-Aufbewahrungsfrist (retain_until, Art. 82 VO (EU) 2021/1060), auch nach einem Löschantrag "
            + "als minimaler ESF-Datensatz; danach löscht der nächtliche Aufbewahrungsjob";
        var clients = "Ratsuchende Personen und Organisationen (Klientinnen und Klienten)";
        var staffSubjects = "Beschäftigte (Beraterinnen und Berater, Administration)";
        return
        [
            new("Teams der Beratung", "teams", ["id", "name", "created_at"], staffSubjects,
                "Organisation der Beratung und Zuständigkeit (wer welche Klienten sehen darf)", Staff, "solange das Team besteht", Internal),
            new("Teammitgliedschaften", "team_members", ["team_id", "staff_user_id", "added_at"], staffSubjects,
                "Zugriffssteuerung: Beraterinnen und Berater sehen die Klienten ihrer Teams", Staff, "bis zum Austritt aus dem Team", Internal),
            new("Klientenstammsatz (pseudonym)", "clients",
                ["id", "client_number", "kind", "target_group", "district_code", "owner_id", "team_id", "restricted_at", "restriction_reason",
                    "erased_at", "version", "created_at", "updated_at"],
                clients, "Pseudonyme Fallführung (Klientennummer, Zielgruppe, Bezirksregion statt Anschrift), Zuständigkeit, Einschränkung "
                    + "und Löschung nach Art. 17/18 DSGVO", Counselling + "; für ESF-Teilnehmende zusätzlich " + Esf,
                inactive + "; bei ESF-Teilnahme " + esfHold, Internal + ". " + Funders),
            new("Kontaktdaten", "client_contacts",
                ["client_id", "name", "email", "email_normalised", "phone", "postal_address", "birth_year", "updated_at"],
                clients, "Kontakt mit der Person; Dublettenprüfung bei der Aufnahme (Geburtsjahr); getrennt von den Beratungsdaten gespeichert",
                Counselling, inactive + "; bei einem Löschantrag sofort, auch unter ESF-Aufbewahrungspflicht",
                Internal + ". Name und E-Mail an das Gründungscoaching nur bei einer Vermittlung dorthin mit Einwilligung"),
            new("Einwilligungen", "consents", ["id", "client_id", "purpose", "given_at", "withdrawn_at", "recorded_by"], clients,
                "Nachweis der Einwilligungen (Beratung, ESF-Erfassung, Vermittlung an Partner, E-Mail-Kontakt) nach Art. 7 Abs. 1 DSGVO",
                "Art. 6 Abs. 1 lit. c DSGVO i. V. m. Art. 7 Abs. 1 DSGVO (Nachweispflicht)",
                inactive + "; die Einwilligung zur ESF-Erfassung bleibt beim minimalen ESF-Datensatz bis zum Ende von dessen Aufbewahrungsfrist",
                Internal),
            new("Beratungen", "consultations",
                ["id", "client_id", "counsellor_id", "occurred_on", "duration_minutes", "channel", "topics", "outcome", "next_steps", "follow_up_on",
                    "created_at", "case_id"],
                clients, "Dokumentation der Beratung (Datum, Dauer, Kanal, Themen, Ergebnis, nächste Schritte, Wiedervorlage)", Counselling,
                inactive + "; bei einem Löschantrag sofort", Internal + ". " + Funders),
            new("Kurzkontakte (anonym)", "short_contacts", ["contact_date", "counsellor_id", "channel", "topic", "count"],
                "Keine Klienten (nur Zählung); Beschäftigte (wer gezählt hat)", "Zählung anonymer Kurzkontakte für die Berichterstattung", Counselling,
                "solange die Berichtsjahre des Projekts aufzubewahren sind", Funders),
            new("Zugriffsprotokoll", "access_log", ["id", "staff_user_id", "occurred_at", "action", "client_id", "detail"],
                staffSubjects + "; betroffene Klienten (pseudonyme Id)",
                "Nachweis, wer wann welche Klientendaten gelesen, gesucht, exportiert, geändert, eingeschränkt oder gelöscht hat", Staff,
                $"{options.AccessLogYears} Jahre, dann löscht der nächtliche Aufbewahrungsjob; überdauert die Löschung der Klientendaten",
                "Nur Administration und behördliche Datenschutzbeauftragte; Auskunft an die betroffene Person (Art. 15 DSGVO)"),
            new("Fälle", "cases",
                ["id", "client_id", "service_line", "opened_on", "plan", "closed_on", "outcome", "outcome_note", "opened_by", "version",
                    "created_at", "updated_at"],
                clients, "Begleitung einer Person oder Organisation in einem Angebot von der Eröffnung bis zum Abschluss (Plan, Ergebnis)",
                Counselling, inactive + "; bei einem Löschantrag sofort", Internal + ". " + Funders),
            new("Fallaktivitäten", "case_activities",
                ["id", "case_id", "occurred_on", "kind", "description", "due_on", "done_at", "created_by", "created_at"],
                clients, "Verlauf eines Falls (Notizen, Aufgaben, Dokumente, Statuswechsel)", Counselling, inactive + "; bei einem Löschantrag sofort",
                Internal),
            new("Vermittlungen", "referrals",
                ["id", "client_id", "case_id", "target", "organisation_id", "organisation_name", "reason", "status", "referred_on", "referred_by",
                    "status_changed_at", "version", "created_at"],
                clients, "Vermittlung an Partnerorganisationen des Netzwerks und an das Gründungscoaching; Stand der Vermittlung",
                Counselling + "; Weitergabe an Partner nur mit Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)", inactive + "; bei einem Löschantrag sofort",
                "Partnerorganisation, an die vermittelt wird (mit Einwilligung der Person); Gründungscoaching (Name, E-Mail, Anlass)"),
            new("Statusverlauf der Vermittlungen", "referral_status_changes", ["id", "referral_id", "status", "note", "changed_by", "changed_at"],
                clients, "Nachvollziehbarkeit der Vermittlung (gesendet, angenommen, abgelehnt, abgeschlossen, zurückgezogen)", Counselling,
                inactive + "; bei einem Löschantrag sofort", Internal),
            new("ESF-Plus-Teilnahmedaten", "esf_participations",
                ["id", "client_id", "project_code", "first_entered_on", "gender", "age_at_entry", "labour_market_status", "unemployment_months",
                    "education_level", "third_country_national", "foreign_background", "homeless", "rural_area", "entry_recorded_at",
                    "entry_recorded_by", "retain_until", "version", "created_at", "updated_at"],
                "ESF-Plus-Teilnehmende", "Gemeinsame Output- und Ergebnisindikatoren nach Anhang I VO (EU) 2021/1057; Nachweis gegenüber "
                    + "Verwaltungs- und Prüfbehörden", Esf, esfHold, Funders),
            new("ESF-Plus: besondere Kategorien (Behinderung, Minderheit)", "esf_participations", ["disability", "minority"],
                "ESF-Plus-Teilnehmende", "Indikatoren zu Teilnehmenden mit Behinderung und Minderheiten (Anhang I VO (EU) 2021/1057); "
                    + "Angabe freiwillig, „keine Angabe“ ist ausdrücklich möglich; nur mit zusätzlicher Berechtigung sichtbar",
                "Art. 9 Abs. 2 lit. a DSGVO (ausdrückliche Einwilligung, freiwillige Angabe) bzw. lit. g i. V. m. Art. 17 und Anhang I "
                    + "VO (EU) 2021/1057", esfHold, Funders, SpecialCategory: true),
            new("ESF-Plus-Aufenthalte und Austrittsdaten", "esf_stays",
                ["id", "participation_id", "entered_on", "left_on", "exit_job_searching", "exit_in_education", "exit_gained_qualification",
                    "exit_employed", "exit_recorded_at", "exit_recorded_by", "employed_six_months", "six_months_recorded_at", "created_at"],
                "ESF-Plus-Teilnehmende", "Eintritt, Austritt und Ergebnisindikatoren (EECR01–EECR04), Ergebnis sechs Monate nach Austritt", Esf,
                esfHold, Funders),
            new("Wiedervorlage-Übersicht: versandte Einträge", "digest_items",
                ["id", "item_kind", "item_id", "due_on", "client_id", "recipient_id", "status", "attempts", "last_error", "lease_id",
                    "locked_until", "created_at", "sent_at"],
                clients + "; " + staffSubjects, "Jede fällige Wiedervorlage, Aufgabe und ESF-Frist genau einmal an die zuständige Beraterin "
                    + "oder den zuständigen Berater melden (nur Klientennummern, keine Namen)", Counselling,
                inactive + "; bei einem Löschantrag sofort", "Die zuständige Beraterin oder der zuständige Berater (per E-Mail)"),
            new("Ausgehende Nachrichten (Outbox)", "outbox_messages",
                ["id", "event_name", "payload", "occurred_at", "status", "attempts", "next_attempt_at", "last_error", "dispatched_at"],
                clients + " (nur bei einer Vermittlung an das Gründungscoaching: Name, E-Mail, Klientennummer)",
                "Zuverlässige Übergabe einer Vermittlung an das Gründungscoaching", Counselling + "; Einwilligung in die Vermittlung",
                "bis zur Zustellung und danach bis zur nächtlichen Bereinigung; bei einem Löschantrag sofort",
                "Modul Gründungscoaching derselben Plattform"),
            new("Eingegangene Nachrichten (Inbox)", "inbox_messages", ["event_id", "handler", "event_name", "processed_at"],
                "Keine (nur technische Kennungen)", "Jede eingehende Nachricht genau einmal verarbeiten", Counselling,
                "bis zur nächtlichen Bereinigung", "keine"),
        ];
    }
}
