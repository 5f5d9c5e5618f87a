using System.Diagnostics;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Orchestrator.IntegrationTests.WebConsole;

/// <summary>
/// A real headless Chromium (Debian's, from scripts/install-deps.sh) driven through chromedriver, at a fixed window
/// size. The driver process is stopped by its PID on dispose. Screenshots go to the folder named by
/// <c>ORCHESTRATOR_CONSOLE_SCREENSHOTS</c>, when set.
/// </summary>
public sealed class ConsoleBrowser : IDisposable
{
    private readonly ChromeDriverService service;

    public ConsoleBrowser(int width = 1280, int height = 800)
    {
        this.service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        this.service.HideCommandPromptWindow = true;
        this.service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.SetLoggingPreference(LogType.Browser, OpenQA.Selenium.LogLevel.All);
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--window-size={width},{height}", "--no-first-run");
        this.Driver = new ChromeDriver(this.service, options, TimeSpan.FromMinutes(1));
    }

    public ChromeDriver Driver { get; }

    /// <summary>Waits (no timing threshold: a generous cap so a hung page fails the test instead of hanging it) until <paramref name="condition"/> holds.</summary>
    public T Until<T>(Func<IWebDriver, T> condition, int capSeconds = 240)
    {
        var wait = new WebDriverWait(this.Driver, TimeSpan.FromSeconds(capSeconds)) { PollingInterval = TimeSpan.FromMilliseconds(200) };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(condition);
    }

    /// <summary>The element <paramref name="css"/> once it exists; on a timeout the failure says what the page showed and logged.</summary>
    public IWebElement Find(string css, int capSeconds = 120)
    {
        try
        {
            return this.Until(d => d.FindElement(By.CssSelector(css)), capSeconds);
        }
        catch (WebDriverTimeoutException e)
        {
            throw new WebDriverTimeoutException($"'{css}' never appeared.\n{this.Diagnostics()}", e);
        }
    }

    public void Type(string css, string text)
    {
        var input = this.Find(css);
        input.Clear();
        input.SendKeys(text);
    }

    /// <summary>Saves a PNG of the page when <c>ORCHESTRATOR_CONSOLE_SCREENSHOTS</c> names a folder.</summary>
    public void Screenshot(string name)
    {
        string? folder = Environment.GetEnvironmentVariable("ORCHESTRATOR_CONSOLE_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        this.Driver.GetScreenshot().SaveAsFile(Path.Combine(folder, name + ".png"));
    }

    /// <summary>
    /// The view is whole: no horizontal scrolling at this window size (nothing is wider than the viewport), and no
    /// value the page stringified by mistake (a text node "null", "undefined" or "[object …]").
    /// </summary>
    public void AssertView()
    {
        string? stray = (string?)this.Driver.ExecuteScript(
            "const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); for (let n = walker.nextNode(); n; n = walker.nextNode()) { const t = n.textContent.trim(); if (/^(null|undefined|false)$/.test(t) || t.includes('[object ')) return t; } return null;");
        Xunit.Assert.True(stray is null, $"The page shows a stray '{stray}' at {this.Driver.Url}");
        long scrollWidth = Convert.ToInt64(this.Driver.ExecuteScript("return document.documentElement.scrollWidth;"), System.Globalization.CultureInfo.InvariantCulture);
        long innerWidth = Convert.ToInt64(this.Driver.ExecuteScript("return window.innerWidth;"), System.Globalization.CultureInfo.InvariantCulture);
        Xunit.Assert.True(scrollWidth <= innerWidth, $"The page scrolls horizontally: scrollWidth {scrollWidth} > innerWidth {innerWidth} at {this.Driver.Url}");
    }

    /// <summary>Presses Tab until the element <paramref name="id"/> has the focus (failing if it never gets it); returns it.</summary>
    public IWebElement TabTo(string id, int maxPresses = 40)
    {
        for (int i = 0; i < maxPresses; i++)
        {
            new OpenQA.Selenium.Interactions.Actions(this.Driver).SendKeys(Keys.Tab).Perform();
            if ((string?)this.Driver.ExecuteScript("return document.activeElement && document.activeElement.id;") == id)
            {
                return this.Driver.SwitchTo().ActiveElement();
            }
        }

        throw new Xunit.Sdk.XunitException($"Tab never reached #{id}.\n{this.Diagnostics()}");
    }

    /// <summary>What the page shows and logged: the address, the body and the browser console (for failure messages).</summary>
    public string Diagnostics()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("URL: " + this.Driver.Url);
        try
        {
            foreach (var entry in this.Driver.Manage().Logs.GetLog(LogType.Browser))
            {
                text.AppendLine($"console {entry.Level}: {entry.Message}");
            }
        }
        catch (WebDriverException e)
        {
            text.AppendLine("no browser log: " + e.Message);
        }

        text.AppendLine("entries: " + this.Driver.ExecuteScript("return JSON.stringify(performance.getEntries().map(e => e.name + ' ' + (e.responseStatus ?? '')));"));
        text.AppendLine("body: " + this.Driver.ExecuteScript("return document.body ? document.body.innerHTML : '';"));
        return text.ToString();
    }

    public void Dispose()
    {
        int? pid = this.service.ProcessId is > 0 ? this.service.ProcessId : null;
        try
        {
            this.Driver.Quit();
        }
        finally
        {
            this.Driver.Dispose();
            if (pid is { } id)
            {
                try
                {
                    using var process = Process.GetProcessById(id);
                    process.Kill(entireProcessTree: true);
                }
                catch (ArgumentException)
                {
                    // Already gone: Quit stopped it.
                }
            }

            this.service.Dispose();
        }
    }
}
