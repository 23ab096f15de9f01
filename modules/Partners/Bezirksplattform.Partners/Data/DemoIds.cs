namespace Bezirksplattform.Partners.Data;

/// <summary>
/// Stable ids of the demo organisations and people (from the source texts), so every demo seeder
/// of this module (agreements, committees, projects) can point at them and seeding stays idempotent.
/// </summary>
internal static class DemoIds
{
    // Treptow-Köpenick: district office and its units
    public static readonly Guid BaTreptowKoepenick = new("6a0e0000-0000-4000-8000-000000000001");
    public static readonly Guid Spk = new("6a0e0000-0000-4000-8000-000000000002");              // OE Sozialraumorientierte Planungskoordination
    public static readonly Guid EuBeauftragte = new("6a0e0000-0000-4000-8000-000000000003");     // Beauftragte/r für EU und Städtepartnerschaften
    public static readonly Guid Kke = new("6a0e0000-0000-4000-8000-000000000004");               // BzBm KKE Koordination Kommunale Entwicklungspolitik
    public static readonly Guid Buendnis = new("6a0e0000-0000-4000-8000-000000000005");          // Bezirkliches Bündnis für Wirtschaft und Arbeit (Geschäftsstelle)

    // Treptow-Köpenick: steering-group partners
    public static readonly Guid AgenturSued = new("6a0e0000-0000-4000-8000-000000000010");       // Agentur für Arbeit Berlin Süd, Geschäftsstelle TK
    public static readonly Guid JobcenterTk = new("6a0e0000-0000-4000-8000-000000000011");
    public static readonly Guid Wirtschaftskreis = new("6a0e0000-0000-4000-8000-000000000012");
    public static readonly Guid InnovationsparkWuhlheide = new("6a0e0000-0000-4000-8000-000000000013");
    public static readonly Guid Wista = new("6a0e0000-0000-4000-8000-000000000014");
    public static readonly Guid HtwSchoeneweide = new("6a0e0000-0000-4000-8000-000000000015");
    public static readonly Guid DgbTk = new("6a0e0000-0000-4000-8000-000000000016");

    // Treptow-Köpenick: signing partners of the neighbourhood-work agreement
    public static readonly Guid SenatSoziales = new("6a0e0000-0000-4000-8000-000000000020");
    public static readonly Guid Rabenhaus = new("6a0e0000-0000-4000-8000-000000000021");
    public static readonly Guid Offensiv91 = new("6a0e0000-0000-4000-8000-000000000022");
    public static readonly Guid Tjfbg = new("6a0e0000-0000-4000-8000-000000000023");
    public static readonly Guid KungerKiez = new("6a0e0000-0000-4000-8000-000000000024");
    public static readonly Guid Ajb = new("6a0e0000-0000-4000-8000-000000000025");
    public static readonly Guid Paritaetischer = new("6a0e0000-0000-4000-8000-000000000026");
    public static readonly Guid Vska = new("6a0e0000-0000-4000-8000-000000000027");            // Verband für sozial-kulturelle Arbeit

    // Pankow
    public static readonly Guid BaPankow = new("6a0e0000-0000-4000-8000-000000000030");

    // Leipziger Osten
    public static readonly Guid StadtLeipzigSozialeStadt = new("6a0e0000-0000-4000-8000-000000000040"); // Programmsteuerung Soziale Stadt / Stadtteilmanagement
    public static readonly Guid BeschaeftigungsentwicklungLeipzig = new("6a0e0000-0000-4000-8000-000000000041"); // Projektträger Lokale Beschäftigungsentwicklung
    public static readonly Guid AgenturLeipzig = new("6a0e0000-0000-4000-8000-000000000042");

    // People named in the source texts
    public static readonly Guid OliverIgel = new("6a0e0000-0000-4000-8000-000000000101");       // Bezirksbürgermeister Treptow-Köpenick
    public static readonly Guid CarolinWeingart = new("6a0e0000-0000-4000-8000-000000000102");  // Bezirksstadträtin Soziales, Gesundheit, Arbeit und Teilhabe
    public static readonly Guid AzizBozkurt = new("6a0e0000-0000-4000-8000-000000000103");      // Staatssekretär für Soziales
    public static readonly Guid FrauTietje = new("6a0e0000-0000-4000-8000-000000000104");       // Bezirksstadträtin Pankow

    // Agreements and committees (seeded by the agreements and committees demo seeders)
    public static readonly Guid AgreementTkNeighbourhoodWork = new("6a0e0000-0000-4000-8000-000000000201");
    public static readonly Guid AgreementPankowNeighbourhoodWork = new("6a0e0000-0000-4000-8000-000000000202");
    public static readonly Guid CommitteeSteeringGroupTk = new("6a0e0000-0000-4000-8000-000000000301");     // Steuerungsgruppe des Bündnisses
    public static readonly Guid CommitteeCooperationTk = new("6a0e0000-0000-4000-8000-000000000302");       // Kooperationsgremium (chaired by SPK)
    public static readonly Guid CommitteeAgSro = new("6a0e0000-0000-4000-8000-000000000303");               // AG Sozialraumorientierung
}
