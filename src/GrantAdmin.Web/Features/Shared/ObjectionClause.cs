namespace GrantAdmin.Web.Features.Shared;

/// <summary>The model of the _ObjectionClause partial: the letter's kenmerk and the last day for bezwaar, formatted.</summary>
public sealed record ObjectionClause(string Kenmerk, string ObjectionDue);
