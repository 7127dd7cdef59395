namespace EsmCacheCluster.Format;

/// <summary>How TypeScript decorators become JavaScript: tsconfig's <c>experimentalDecorators</c> and <c>emitDecoratorMetadata</c>.</summary>
public enum DecoratorMode : byte
{
    /// <summary>No <c>experimentalDecorators</c>: TC39 decorators, lowered as TypeScript lowers them.</summary>
    Standard = 0,

    /// <summary><c>experimentalDecorators</c>: TypeScript's legacy decorators (<c>__decorate</c>), as Angular, NestJS and TypeORM use.</summary>
    Legacy = 1,

    /// <summary>Legacy decorators with <c>emitDecoratorMetadata</c>: design-time types recorded (<c>__metadata</c>) for dependency injection.</summary>
    LegacyWithMetadata = 2,
}
