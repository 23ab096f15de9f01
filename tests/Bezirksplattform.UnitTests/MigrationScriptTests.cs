using Bezirksplattform.BuildingBlocks.Migrations;

namespace Bezirksplattform.UnitTests;

public sealed class MigrationScriptTests
{
    [Fact]
    public void Checksum_ignores_line_ending_style_but_not_content()
    {
        var unix = new MigrationScript("content", "0001_x.sql", "create table content.a (id int);\ncreate table content.b (id int);\n");
        var windows = unix with { Sql = unix.Sql.Replace("\n", "\r\n") };
        var edited = unix with { Sql = unix.Sql + "-- a comment\n" };

        Assert.Equal(unix.Checksum, windows.Checksum);
        Assert.NotEqual(unix.Checksum, edited.Checksum);
        Assert.Equal("migrations/content/0001_x.sql", unix.Path);
    }

    [Fact]
    public void Quartz_tables_come_from_the_ddl_inside_quartz_dll_with_our_schema_prefix()
    {
        var script = Assert.Single(new QuartzSchemaSource().GetScripts());

        Assert.Equal("quartz", script.Module);
        Assert.StartsWith("create schema if not exists quartz;", script.Sql);
        Assert.Contains("CREATE TABLE IF NOT EXISTS quartz.qrtz_triggers", script.Sql);
        Assert.DoesNotContain("{0}", script.Sql);
        Assert.DoesNotContain("{1}", script.Sql);
    }
}
