using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using Orchestrator.Destinations;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runner.Cli;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.WebConsole;

/// <summary>
/// The web console in a real Chromium against the runner in dev mode (its local issuer and dev sign-in page),
/// radosgw and Azurite: the same pages, scripts and API calls a user's browser makes.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class WebConsoleTests(ServersFixture servers)
{
    [Fact]
    public async Task Console_AccessKeyDestinationTestAndExport_EveryCheckPassesAndTheObjectLands()
    {
        await using var runner = await StartDevRunnerAsync(servers);
        string url = Url(runner);
        string bucket = "console-" + runner.Tenant;
        using (var admin = servers.AdminS3())
        {
            await admin.PutBucketAsync(bucket);
        }

        using var browser = new ConsoleBrowser();
        SignIn(browser, url, runner.Tenant, "admin");
        browser.AssertView();
        browser.Screenshot("01-destinations-empty");

        // Create through the form: a bad bucket name first, answered beside the field with the API's own message.
        browser.Find("#new-destination").Click();
        browser.Type("#f-destinationId", "s3-main");
        browser.Find("#f-auth-accessKey").Click();
        browser.Type("#f-accessKeyId", servers.AccessKey);
        browser.Type("#f-secretAccessKey", servers.SecretKey);
        browser.Type("#f-bucket", "Bad_Bucket");
        browser.Type("#f-region", "us-east-1");
        browser.Type("#f-bucketPath", "exports/console");
        browser.Find("#save-destination").Click();
        var error = browser.Until(d => d.FindElement(By.Id("f-bucket-error")).Text is { Length: > 0 } text ? text : null);
        Assert.Contains("must be 3-63 characters of lower-case letters", error, StringComparison.Ordinal);
        Assert.Equal("true", browser.Find("#f-bucket").GetAttribute("aria-invalid"));
        Assert.Contains("f-bucket-error", browser.Find("#f-bucket").GetAttribute("aria-describedby"), StringComparison.Ordinal);
        browser.AssertView();
        browser.Screenshot("02-destination-form-error");

        browser.Type("#f-bucket", bucket);
        browser.Find("#save-destination").Click();

        // Saved: the connection test page; every check passes against radosgw.
        browser.Find("#run-test").Click();
        browser.Find("#test-passed");
        var checks = browser.Driver.FindElements(By.CssSelector("#checks li"));
        Assert.NotEmpty(checks);
        Assert.All(checks, c => Assert.Equal("Passed", c.GetAttribute("data-status")));
        browser.AssertView();
        browser.Screenshot("03-connection-test");

        // The secret key is never shown again: the edit form's field is empty, the hint says one is stored.
        browser.Driver.Navigate().GoToUrl($"{url}/console/#/destinations/s3-main/edit");
        Assert.Equal(string.Empty, browser.Find("#f-secretAccessKey").GetAttribute("value"));
        Assert.Contains("never shown again", browser.Find("#f-secretAccessKey-hint").Text, StringComparison.Ordinal);
        Assert.DoesNotContain(servers.SecretKey, browser.Driver.PageSource, StringComparison.Ordinal);

        // Start an export and watch the run to 100 %; then the object is in the bucket.
        browser.Driver.Navigate().GoToUrl($"{url}/console/#/start/export?destination=s3-main");
        SetDate(browser, "#f-period", "2026-11-24");
        browser.Screenshot("04-start-export");
        browser.Find("#start-run").Click();
        browser.Until(d => d.FindElement(By.CssSelector("#run-progress progress")).GetAttribute("data-percent") == "100"
            && d.FindElement(By.CssSelector("#run-runtime-status .status")).Text == "Succeeded");
        string key = browser.Find("#run-object-key").Text;
        Assert.DoesNotContain("[object ", browser.Find("#run-body").Text, StringComparison.Ordinal); // every node rendered, none stringified
        browser.AssertView();
        browser.Screenshot("05-run-detail");
        using (var admin = servers.AdminS3())
        {
            var head = await admin.GetObjectMetadataAsync(bucket, key);
            Assert.True(head.ContentLength > 0);
        }

        browser.Driver.Navigate().GoToUrl($"{url}/console/#/runs");
        Assert.Contains("Succeeded", browser.Find("#runs").Text, StringComparison.Ordinal);
        browser.AssertView();
        browser.Screenshot("06-runs");
    }

    [Fact]
    public async Task Console_RoleDestination_TrustPolicyShowsTheStoredExternalId()
    {
        await using var runner = await StartDevRunnerAsync(servers);
        string url = Url(runner);
        using var browser = new ConsoleBrowser();
        SignIn(browser, url, runner.Tenant, "admin");

        browser.Find("#new-destination").Click();
        browser.Type("#f-destinationId", "role-dest");
        browser.Find("#f-auth-assumeRole").Click();
        browser.Type("#f-roleArn", "arn:aws:iam::123456789012:role/orchestrator-export");
        browser.Type("#f-bucket", "customer-bucket");
        browser.Type("#f-region", "us-east-1");
        browser.Find("#save-destination").Click();
        browser.Find("#run-test");

        browser.Driver.Navigate().GoToUrl($"{url}/console/#/destinations/role-dest/iam");
        string shown = browser.Find("#external-id").Text;
        var stored = await runner.App.Services.GetRequiredService<IDestinationStore>().GetAsync(runner.Tenant, "role-dest", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(stored.ExternalId, shown);
        Assert.Contains(shown, browser.Find("#trust-policy").Text, StringComparison.Ordinal);
        Assert.Contains("s3:PutObject", browser.Find("#permission-policy").Text, StringComparison.Ordinal);
        browser.AssertView();
        browser.Screenshot("07-iam-policy");
    }

    [Fact]
    public async Task Console_OtherTenantsDestinationByUrl_IsNotShown()
    {
        await using var runner = await StartDevRunnerAsync(servers);
        string url = Url(runner);
        string other = "o" + runner.Tenant;
        await runner.CreateDestinationAsync(DestinationCommand.Draft(other, "theirs", "their-bucket", "us-east-1", null, servers.AccessKey, "their-secret-key", null));
        using var browser = new ConsoleBrowser(390, 844);
        SignIn(browser, url, runner.Tenant, "reader");
        Assert.Equal("tenant reader", browser.Find("#who-role").Text);
        Assert.Empty(browser.Driver.FindElements(By.Id("new-destination"))); // a reader sees no create button
        Assert.False(browser.Find("#nav a[data-nav='nights']").Displayed); // nor the operators' nights
        browser.AssertView();
        browser.Screenshot("08-phone-destinations");

        browser.Driver.Navigate().GoToUrl($"{url}/console/#/destinations/theirs/edit");
        var banner = browser.Find(".banner.error");

        Assert.Contains("theirs", banner.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("their-bucket", browser.Driver.PageSource, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_KeyboardOnlyOnAPhone_TabsThroughTheFormAndEnterCreatesTheDestination()
    {
        await using var runner = await StartDevRunnerAsync(servers);
        string url = Url(runner);
        using var browser = new ConsoleBrowser(390, 844);
        SignIn(browser, url, runner.Tenant, "admin");
        browser.Find("#new-destination");
        browser.AssertView();

        // From here on only keys: Tab to the link and follow it with Enter, then fill the form field by field.
        browser.TabTo("new-destination").SendKeys(Keys.Enter);
        browser.Find("#destination-form");
        browser.AssertView();
        foreach (var (id, text) in new[]
        {
            ("f-destinationId", "kb-dest"),
            ("f-auth-accessKey", null),
            ("f-accessKeyId", servers.AccessKey),
            ("f-secretAccessKey", servers.SecretKey),
            ("f-bucket", "keyboard-bucket"),
            ("f-region", null),
        })
        {
            var input = browser.TabTo(id);
            Assert.True(
                Equals(true, browser.Driver.ExecuteScript("return document.activeElement.labels !== null && document.activeElement.labels.length > 0;")),
                $"#{id} has no label");
            if (text is not null)
            {
                input.SendKeys(text);
            }
        }

        Assert.Equal("us-east-1", browser.Driver.SwitchTo().ActiveElement().GetAttribute("value"));
        browser.Screenshot("09-phone-destination-form");
        browser.Driver.SwitchTo().ActiveElement().SendKeys(Keys.Enter); // implicit submission from the region field

        browser.Find("#run-test");
        var stored = await runner.App.Services.GetRequiredService<IDestinationStore>().GetAsync(runner.Tenant, "kb-dest", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal("keyboard-bucket", stored.Bucket);
        Assert.Equal(servers.AccessKey, stored.AccessKeyId);
        browser.AssertView();
    }

    [Fact]
    public async Task Console_OperatorOnAPhone_OpensTheNightsFromTheNavigation()
    {
        await using var runner = await StartDevRunnerAsync(servers);
        string url = Url(runner);
        using var browser = new ConsoleBrowser(390, 844);
        SignIn(browser, url, string.Empty, "operator");
        Assert.Equal("operator", browser.Find("#who-role").Text);
        browser.Find("#f-operator-tenant"); // no tenant in the token: the operator picks one to view

        browser.Find("#nav a[data-nav='nights']").Click();
        browser.Find("#night-form");
        browser.Driver.Navigate().GoToUrl($"{url}/console/#/nights?day=2001-01-01");
        var info = browser.Until(d => d.FindElement(By.CssSelector("#main .banner")).Text is { } text && text.Contains("2001-01-01", StringComparison.Ordinal) ? text : null);
        Assert.Contains("No night ran for 2001-01-01", info, StringComparison.Ordinal);
        browser.AssertView();
        browser.Screenshot("10-phone-nights");
    }

    [Fact]
    public async Task Console_SignIn_PkceCodeFlowGivesATokenOfTheChosenTenantKeptInThisTabOnly()
    {
        await using var runner = await StartDevRunnerAsync(servers);
        string url = Url(runner);
        using var browser = new ConsoleBrowser();

        SignIn(browser, url, runner.Tenant, "admin");

        Assert.Equal(runner.Tenant, browser.Find("#who-tenant").Text);
        Assert.Equal("tenant admin", browser.Find("#who-role").Text);
        var storage = browser.Driver;
        Assert.Equal(0L, storage.ExecuteScript("return localStorage.length;"));
        Assert.Equal(string.Empty, storage.ExecuteScript("return document.cookie;"));
        Assert.NotNull(storage.ExecuteScript("return sessionStorage.getItem('orchestrator.console.token');"));
        Assert.DoesNotContain("code=", browser.Driver.Url, StringComparison.Ordinal); // the code left the address bar

        browser.Find("#sign-out").Click();
        browser.Find("#sign-in");
        Assert.Null(storage.ExecuteScript("return sessionStorage.getItem('orchestrator.console.token');"));
    }

    private static async Task<RunnerSession> StartDevRunnerAsync(ServersFixture servers) =>
        await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Auth:Authority"] = string.Empty, // dev mode: the runner's own local issuer and its sign-in page
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Runner:LocalIssuerFolder"] = Path.Combine(Path.GetTempPath(), "orchestrator-console-" + Guid.NewGuid().ToString("N")),
        });

    private static string Url(RunnerSession runner) =>
        runner.App.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Runner:ApiUrl"]!;

    private static void SignIn(ConsoleBrowser browser, string url, string tenant, string role)
    {
        browser.Driver.Navigate().GoToUrl(url + "/");
        browser.Find("#sign-in").Click();
        if (tenant.Length > 0)
        {
            browser.Type("#tenant", tenant);
        }

        browser.Find($"#role-{role}").Click();
        browser.Screenshot("00-dev-sign-in");
        browser.Find("#dev-sign-in-submit").Click();
        browser.Find("#who-role");
    }

    private static void SetDate(ConsoleBrowser browser, string css, string value) =>
        ((IJavaScriptExecutor)browser.Driver).ExecuteScript("arguments[0].value = arguments[1];", browser.Find(css), value);
}
