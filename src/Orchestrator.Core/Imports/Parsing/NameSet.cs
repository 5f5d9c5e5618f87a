namespace Orchestrator.Imports.Parsing;

/// <summary>The attribute names of one record: a list scan while few (the common case), a hash set beyond.</summary>
internal struct NameSet
{
    private const int ListLimit = 16;

    private List<string>? list;
    private HashSet<string>? set;

    /// <summary>False when the name was already there.</summary>
    public bool Add(string name)
    {
        if (this.set is not null)
        {
            return this.set.Add(name);
        }

        this.list ??= new List<string>(ListLimit);
        if (this.list.Contains(name))
        {
            return false;
        }

        if (this.list.Count < ListLimit)
        {
            this.list.Add(name);
            return true;
        }

        this.set = new HashSet<string>(this.list, StringComparer.Ordinal) { name };
        return true;
    }
}
