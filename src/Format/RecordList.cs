namespace EsmCacheCluster.Format;

/// <summary>The lists of a module record, in the order <see cref="ModuleRecordSchema"/> visits them.</summary>
public enum RecordList
{
    /// <summary>ECMA-262 [[RequestedModules]]: specifier and import attributes, in source order.</summary>
    RequestedModules,

    /// <summary>The import attributes of one module request, sorted by key.</summary>
    ImportAttributes,

    /// <summary>ECMA-262 [[ImportEntries]].</summary>
    ImportEntries,

    /// <summary>ECMA-262 [[LocalExportEntries]].</summary>
    LocalExportEntries,

    /// <summary>ECMA-262 [[IndirectExportEntries]].</summary>
    IndirectExportEntries,

    /// <summary>ECMA-262 [[StarExportEntries]].</summary>
    StarExportEntries,

    /// <summary><c>import()</c> calls anywhere in the module.</summary>
    DynamicImports,

    /// <summary>The source's references beyond the record: type-only imports, <c>require</c>, <c>/// &lt;reference&gt;</c>.</summary>
    SourceImports,
}
