// PEGTL grammar for SPARQL 1.1 Query and Update: one struct per production of
// §19.8 of the SPARQL 1.1 Query Language recommendation, named and numbered
// as there ([1]-[173]) and in the same order. Terminals shared with Turtle
// come from rdf_terminals.h (listed at their numbers below); the SPARQL-only
// ones (VAR1, VARNAME, NIL, unsigned and signed numbers) are defined here.
// Pure rules only: error messages are in sparql_errors.h, actions in
// sparql_actions.h, the one parse instantiation in sparql_parser.cc.
//
// Padding convention: `sp` (white space [162] and '#' comments) goes between
// the elements of a sequence; no production starts or ends with it. Only the
// request rule at the bottom pads the whole text.
//
// Commitment: `if_must<>` once a prefix has matched that no other
// alternative can start with (a keyword, '{', '(' in a position where NIL
// was tried first, ...), so that an error is reported where the text went
// wrong, with the message of the rule that failed. Lower-case helper rules
// name the parts under `must` (each has a message) and give actions a hook;
// they never change the language. Where a production is not LL(1), the
// longer alternative is tried first (ANON before '[ ... ]', NIL before a
// collection, DOUBLE before DECIMAL before INTEGER).
//
// Recursion: the spec's right-recursive list productions ([29], [52], [55],
// [74]) are written as loops, so that long inputs need no stack; recursion
// remains only through brackets, which the parser bounds before parsing.
//
// Deviations, both shared with common implementations:
//  * [83] allows ObjectListPath after ';' too (the spec text says
//    ObjectList there, which would forbid paths in later objects).
//  * Strings and IRIs accept \u and \U escapes directly; §19.2 describes them
//    as a pre-pass over the whole text, but the W3C tests only use them in
//    strings and IRIs, and reject them elsewhere.
#ifndef KG_QUERY_SYNTAX_SPARQL_GRAMMAR_H_
#define KG_QUERY_SYNTAX_SPARQL_GRAMMAR_H_

#include <cstddef>
#include <utility>

#include "query/syntax/rdf_terminals.h"

namespace kg::query::sparql {

using namespace terminals;  // NOLINT: grammar headers read better unqualified

// ---------------------------------------------------------------------------
// White space, keywords, punctuation

// White space and comments: the padding between tokens.
struct sp : star<sor<WS, comment>> {};

// A character that would continue a name: a keyword must not be followed by
// one (`a:b` is a prefixed name, `SELECTx` is nothing).
struct identifier_other
    : sor<PN_CHARS, one<':'>, seq<plus<one<'.'>>, PN_CHARS>> {};

// `ci<"SELECT">` is istring<'S', 'E', 'L', 'E', 'C', 'T'>: a case-insensitive
// word. (TAO_PEGTL_ISTRING would do the same, but expands every use into
// hundreds of template arguments, which multiplies this file's compile time.)
template <std::size_t N>
struct Word {
  constexpr Word(const char (&s)[N]) {  // NOLINT: implicit by design
    for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
  }
  char text[N];
};
template <Word W, class = std::make_index_sequence<sizeof(W.text) - 1>>
struct ci_word;
template <Word W, std::size_t... I>
struct ci_word<W, std::index_sequence<I...>> {
  using type = istring<W.text[I]...>;
};
template <Word W>
using ci = typename ci_word<W>::type;

// A case-insensitive keyword.
template <class Word>
struct keyword : seq<Word, not_at<identifier_other>> {};

#define KG_SPARQL_KEYWORD(name) \
  struct kw_##name : keyword<ci<#name>> {}
KG_SPARQL_KEYWORD(BASE);
KG_SPARQL_KEYWORD(PREFIX);
KG_SPARQL_KEYWORD(SELECT);
KG_SPARQL_KEYWORD(DISTINCT);
KG_SPARQL_KEYWORD(REDUCED);
KG_SPARQL_KEYWORD(AS);
KG_SPARQL_KEYWORD(CONSTRUCT);
KG_SPARQL_KEYWORD(WHERE);
KG_SPARQL_KEYWORD(DESCRIBE);
KG_SPARQL_KEYWORD(ASK);
KG_SPARQL_KEYWORD(FROM);
KG_SPARQL_KEYWORD(NAMED);
KG_SPARQL_KEYWORD(GROUP);
KG_SPARQL_KEYWORD(BY);
KG_SPARQL_KEYWORD(HAVING);
KG_SPARQL_KEYWORD(ORDER);
KG_SPARQL_KEYWORD(ASC);
KG_SPARQL_KEYWORD(DESC);
KG_SPARQL_KEYWORD(LIMIT);
KG_SPARQL_KEYWORD(OFFSET);
KG_SPARQL_KEYWORD(VALUES);
KG_SPARQL_KEYWORD(LOAD);
KG_SPARQL_KEYWORD(SILENT);
KG_SPARQL_KEYWORD(INTO);
KG_SPARQL_KEYWORD(CLEAR);
KG_SPARQL_KEYWORD(DROP);
KG_SPARQL_KEYWORD(CREATE);
KG_SPARQL_KEYWORD(ADD);
KG_SPARQL_KEYWORD(MOVE);
KG_SPARQL_KEYWORD(COPY);
KG_SPARQL_KEYWORD(TO);
KG_SPARQL_KEYWORD(INSERT);
KG_SPARQL_KEYWORD(DELETE);
KG_SPARQL_KEYWORD(DATA);
KG_SPARQL_KEYWORD(WITH);
KG_SPARQL_KEYWORD(USING);
KG_SPARQL_KEYWORD(DEFAULT);
KG_SPARQL_KEYWORD(GRAPH);
KG_SPARQL_KEYWORD(ALL);
KG_SPARQL_KEYWORD(OPTIONAL);
KG_SPARQL_KEYWORD(SERVICE);
KG_SPARQL_KEYWORD(BIND);
KG_SPARQL_KEYWORD(UNDEF);
KG_SPARQL_KEYWORD(MINUS);
KG_SPARQL_KEYWORD(UNION);
KG_SPARQL_KEYWORD(FILTER);
KG_SPARQL_KEYWORD(IN);
KG_SPARQL_KEYWORD(NOT);
KG_SPARQL_KEYWORD(EXISTS);
KG_SPARQL_KEYWORD(SEPARATOR);
#undef KG_SPARQL_KEYWORD

// Keywords are case-insensitive except `a` (§19.1); `true` and `false` are
// keywords too.
struct kw_a : seq<one<'a'>, not_at<identifier_other>> {};
struct kw_true : keyword<ci<"true">> {};
struct kw_false : keyword<ci<"false">> {};

// Built-in function and aggregate names of [121] and [127]. `Id` is the
// call's ast::Builtin / ast::Aggregate value.
template <unsigned Id, class Word>
struct builtin_name : keyword<Word> {};
template <unsigned Id, class Word>
struct aggregate_name : keyword<Word> {};

// Punctuation.
struct open_brace : one<'{'> {};
struct close_brace : one<'}'> {};
struct open_paren : one<'('> {};
struct close_paren : one<')'> {};
struct open_bracket : one<'['> {};
struct close_bracket : one<']'> {};
struct comma : one<','> {};
struct dot : one<'.'> {};
struct semicolon : one<';'> {};

// ---------------------------------------------------------------------------
// Forward declarations: productions are defined in spec order below.

struct Query;
struct Prologue;
struct SelectQuery;
struct ConstructQuery;
struct DescribeQuery;
struct AskQuery;
struct ValuesClause;
struct Update;
struct BaseDecl;
struct PrefixDecl;
struct SelectClause;
struct DatasetClause;
struct WhereClause;
struct SolutionModifier;
struct ConstructTemplate;
struct TriplesTemplate;
struct DefaultGraphClause;
struct NamedGraphClause;
struct SourceSelector;
struct GroupClause;
struct GroupCondition;
struct HavingClause;
struct HavingCondition;
struct OrderClause;
struct OrderCondition;
struct LimitOffsetClauses;
struct LimitClause;
struct OffsetClause;
struct DataBlock;
struct Update1;
struct Load;
struct Clear;
struct Drop;
struct Create;
struct Add;
struct Move;
struct Copy;
struct InsertData;
struct DeleteData;
struct DeleteWhere;
struct Modify;
struct DeleteClause;
struct InsertClause;
struct UsingClause;
struct GraphOrDefault;
struct GraphRef;
struct GraphRefAll;
struct QuadPattern;
struct QuadData;
struct Quads;
struct QuadsNotTriples;
struct GroupGraphPattern;
struct SubSelect;
struct GroupGraphPatternSub;
struct TriplesBlock;
struct GraphPatternNotTriples;
struct GroupOrUnionGraphPattern;
struct OptionalGraphPattern;
struct MinusGraphPattern;
struct GraphGraphPattern;
struct ServiceGraphPattern;
struct Filter;
struct Bind;
struct InlineData;
struct InlineDataOneVar;
struct InlineDataFull;
struct DataBlockValue;
struct Constraint;
struct FunctionCall;
struct ArgList;
struct ExpressionList;
struct ConstructTriples;
struct TriplesSameSubject;
struct PropertyList;
struct PropertyListNotEmpty;
struct Verb;
struct ObjectList;
struct Object;
struct TriplesSameSubjectPath;
struct PropertyListPath;
struct PropertyListPathNotEmpty;
struct VerbPath;
struct VerbSimple;
struct ObjectListPath;
struct ObjectPath;
struct Path;
struct PathAlternative;
struct PathSequence;
struct PathElt;
struct PathEltOrInverse;
struct PathMod;
struct PathPrimary;
struct PathNegatedPropertySet;
struct PathOneInPropertySet;
struct TriplesNode;
struct BlankNodePropertyList;
struct TriplesNodePath;
struct BlankNodePropertyListPath;
struct Collection;
struct CollectionPath;
struct GraphNode;
struct GraphNodePath;
struct VarOrTerm;
struct VarOrIri;
struct Var;
struct GraphTerm;
struct Expression;
struct ConditionalOrExpression;
struct ConditionalAndExpression;
struct ValueLogical;
struct RelationalExpression;
struct NumericExpression;
struct AdditiveExpression;
struct MultiplicativeExpression;
struct UnaryExpression;
struct PrimaryExpression;
struct BrackettedExpression;
struct BuiltInCall;
struct RegexExpression;
struct SubstringExpression;
struct StrReplaceExpression;
struct ExistsFunc;
struct NotExistsFunc;
struct Aggregate;
struct iriOrFunction;
struct RDFLiteral;
struct NumericLiteral;
struct NumericLiteralUnsigned;
struct NumericLiteralPositive;
struct NumericLiteralNegative;
struct BooleanLiteral;
struct String;
struct iri;
struct PrefixedName;
struct BlankNode;
struct VAR1;
struct VAR2;
struct INTEGER;
struct DECIMAL;
struct DOUBLE;
struct INTEGER_POSITIVE;
struct DECIMAL_POSITIVE;
struct DOUBLE_POSITIVE;
struct INTEGER_NEGATIVE;
struct DECIMAL_NEGATIVE;
struct DOUBLE_NEGATIVE;
struct STRING_LITERAL1;
struct STRING_LITERAL2;
struct STRING_LITERAL_LONG1;
struct STRING_LITERAL_LONG2;
struct NIL;
struct VARNAME;

// ---------------------------------------------------------------------------
// Queries and updates [1]-[28]

// [1] QueryUnit ::= Query
struct QueryUnit : seq<Query> {};

// [2] Query ::= Prologue ( SelectQuery | ConstructQuery | DescribeQuery
//     | AskQuery ) ValuesClause
struct query_form : sor<SelectQuery, ConstructQuery, DescribeQuery, AskQuery> {
};
struct Query : seq<Prologue, must<query_form>, sp, ValuesClause> {};

// [3] UpdateUnit ::= Update
struct UpdateUnit : seq<Update> {};

// [4] Prologue ::= ( BaseDecl | PrefixDecl )*
// (ends with padding when not empty, so that what follows needs none)
struct Prologue : star<sor<BaseDecl, PrefixDecl>, sp> {};

// [5] BaseDecl ::= 'BASE' IRIREF
struct base_iri : IRIREF {};
struct BaseDecl : if_must<kw_BASE, sp, base_iri> {};

// [6] PrefixDecl ::= 'PREFIX' PNAME_NS IRIREF
struct prefix_name : PNAME_NS {};
struct prefix_iri : IRIREF {};
struct PrefixDecl : if_must<kw_PREFIX, sp, prefix_name, sp, prefix_iri> {};

// [7] SelectQuery ::= SelectClause DatasetClause* WhereClause
//     SolutionModifier
struct select_where : seq<WhereClause> {};
struct SelectQuery : seq<SelectClause, sp, star<DatasetClause, sp>,
                         must<select_where>, sp, SolutionModifier> {};

// [8] SubSelect ::= SelectClause WhereClause SolutionModifier ValuesClause
struct SubSelect : seq<SelectClause, sp, must<select_where>, sp,
                       SolutionModifier, sp, ValuesClause> {};

// [9] SelectClause ::= 'SELECT' ( 'DISTINCT' | 'REDUCED' )? ( ( Var | ( '('
//     Expression 'AS' Var ')' ) )+ | '*' )
struct select_keyword : kw_SELECT {};
struct select_distinct : kw_DISTINCT {};
struct select_reduced : kw_REDUCED {};
struct select_all : one<'*'> {};
struct select_var : seq<Var> {};
struct select_expression : seq<Expression> {};
struct select_as : kw_AS {};
struct select_alias : seq<Var> {};
struct select_close : close_paren {};
struct select_bound_expression
    : if_must<open_paren, sp, select_expression, sp, select_as, sp,
              select_alias, sp, select_close> {};
struct select_item : sor<select_var, select_bound_expression> {};
struct select_items : sor<select_all, list<select_item, sp>> {};
struct SelectClause
    : if_must<select_keyword, sp, opt<sor<select_distinct, select_reduced>, sp>,
              select_items> {};

// [10] ConstructQuery ::= 'CONSTRUCT' ( ConstructTemplate DatasetClause*
//      WhereClause SolutionModifier | DatasetClause* 'WHERE' '{'
//      TriplesTemplate? '}' SolutionModifier )
struct construct_where : seq<WhereClause> {};
struct construct_short_open : open_brace {};
struct construct_short_close : close_brace {};
struct construct_short_template : opt<TriplesTemplate> {};
struct construct_short_form
    : if_must<seq<star<DatasetClause, sp>, kw_WHERE>, sp, construct_short_open,
              sp, construct_short_template, sp, construct_short_close, sp,
              SolutionModifier> {};
struct construct_full_form
    : if_must<ConstructTemplate, sp, star<DatasetClause, sp>, construct_where,
              sp, SolutionModifier> {};
struct construct_body : sor<construct_full_form, construct_short_form> {};
struct ConstructQuery : if_must<kw_CONSTRUCT, sp, construct_body> {};

// [11] DescribeQuery ::= 'DESCRIBE' ( VarOrIri+ | '*' ) DatasetClause*
//      WhereClause? SolutionModifier
struct describe_all : one<'*'> {};
struct describe_item : seq<VarOrIri> {};
struct describe_targets : sor<describe_all, list<describe_item, sp>> {};
struct DescribeQuery
    : if_must<kw_DESCRIBE, sp, describe_targets, sp, star<DatasetClause, sp>,
              opt<WhereClause, sp>, SolutionModifier> {};

// [12] AskQuery ::= 'ASK' DatasetClause* WhereClause
struct ask_where : seq<WhereClause> {};
struct AskQuery : if_must<kw_ASK, sp, star<DatasetClause, sp>, ask_where> {};

// [13] DatasetClause ::= 'FROM' ( DefaultGraphClause | NamedGraphClause )
struct dataset_graph : sor<NamedGraphClause, DefaultGraphClause> {};
struct DatasetClause : if_must<kw_FROM, sp, dataset_graph> {};

// [14] DefaultGraphClause ::= SourceSelector
struct DefaultGraphClause : seq<SourceSelector> {};

// [15] NamedGraphClause ::= 'NAMED' SourceSelector
struct named_source : seq<SourceSelector> {};
struct NamedGraphClause : if_must<kw_NAMED, sp, named_source> {};

// [16] SourceSelector ::= iri
struct SourceSelector : seq<iri> {};

// [17] WhereClause ::= 'WHERE'? GroupGraphPattern
struct where_pattern : seq<GroupGraphPattern> {};
struct WhereClause
    : sor<if_must<kw_WHERE, sp, where_pattern>, GroupGraphPattern> {};

// [18] SolutionModifier ::= GroupClause? HavingClause? OrderClause?
//      LimitOffsetClauses?
struct SolutionModifier
    : seq<opt<GroupClause>, opt<sp, HavingClause>, opt<sp, OrderClause>,
          opt<sp, LimitOffsetClauses>> {};

// [19] GroupClause ::= 'GROUP' 'BY' GroupCondition+
struct group_by_keyword : kw_BY {};
struct group_conditions : list<GroupCondition, sp> {};
struct GroupClause
    : if_must<kw_GROUP, sp, group_by_keyword, sp, group_conditions> {};

// [20] GroupCondition ::= BuiltInCall | FunctionCall | '(' Expression
//      ( 'AS' Var )? ')' | Var
struct group_expression : seq<Expression> {};
struct group_alias : seq<Var> {};
struct group_condition_close : close_paren {};
struct group_bound_expression
    : if_must<open_paren, sp, group_expression, sp,
              opt<kw_AS, sp, must<group_alias>, sp>, group_condition_close> {};
struct group_var : seq<Var> {};
struct GroupCondition
    : sor<BuiltInCall, FunctionCall, group_bound_expression, group_var> {};

// [21] HavingClause ::= 'HAVING' HavingCondition+
struct having_conditions : list<HavingCondition, sp> {};
struct HavingClause : if_must<kw_HAVING, sp, having_conditions> {};

// [22] HavingCondition ::= Constraint
struct HavingCondition : seq<Constraint> {};

// [23] OrderClause ::= 'ORDER' 'BY' OrderCondition+
struct order_by_keyword : kw_BY {};
struct order_conditions : list<OrderCondition, sp> {};
struct OrderClause
    : if_must<kw_ORDER, sp, order_by_keyword, sp, order_conditions> {};

// [24] OrderCondition ::= ( ( 'ASC' | 'DESC' ) BrackettedExpression )
//      | ( Constraint | Var )
struct order_direction : sor<kw_ASC, kw_DESC> {};
struct order_expression : seq<BrackettedExpression> {};
struct order_var : seq<Var> {};
struct OrderCondition : sor<if_must<order_direction, sp, order_expression>,
                            Constraint, order_var> {};

// [25] LimitOffsetClauses ::= LimitClause OffsetClause? | OffsetClause
//      LimitClause?
struct LimitOffsetClauses : sor<seq<LimitClause, opt<sp, OffsetClause>>,
                                seq<OffsetClause, opt<sp, LimitClause>>> {};

// [26] LimitClause ::= 'LIMIT' INTEGER
struct limit_value : plus<digit> {};
struct LimitClause : if_must<kw_LIMIT, sp, limit_value> {};

// [27] OffsetClause ::= 'OFFSET' INTEGER
struct offset_value : plus<digit> {};
struct OffsetClause : if_must<kw_OFFSET, sp, offset_value> {};

// [28] ValuesClause ::= ( 'VALUES' DataBlock )?
struct values_clause_block : seq<DataBlock> {};
struct ValuesClause : opt<if_must<kw_VALUES, sp, values_clause_block>> {};

// ---------------------------------------------------------------------------
// Updates [29]-[52]

// [29] Update ::= Prologue ( Update1 ( ';' Update )? )?
// Written as a loop: Prologue Update1 ( ';' Prologue Update1 )* and an
// optional final ';' Prologue.
struct update_separator : semicolon {};
struct Update
    : seq<Prologue,
          opt<Update1, star<sp, update_separator, sp, Prologue, Update1>,
              opt<sp, update_separator, sp, Prologue>>> {};

// [30] Update1 ::= Load | Clear | Drop | Add | Move | Copy | Create
//      | InsertData | DeleteData | DeleteWhere | Modify
struct Update1 : sor<Load, Clear, Drop, Add, Move, Copy, Create, InsertData,
                     DeleteData, DeleteWhere, Modify> {};

// [31] Load ::= 'LOAD' 'SILENT'? iri ( 'INTO' GraphRef )?
struct update_silent : kw_SILENT {};
struct load_iri : seq<iri> {};
struct load_into : seq<GraphRef> {};
struct Load : if_must<kw_LOAD, sp, opt<update_silent, sp>, load_iri,
                      opt<sp, if_must<kw_INTO, sp, load_into>>> {};

// [32] Clear ::= 'CLEAR' 'SILENT'? GraphRefAll
struct Clear : if_must<kw_CLEAR, sp, opt<update_silent, sp>, GraphRefAll> {};

// [33] Drop ::= 'DROP' 'SILENT'? GraphRefAll
struct Drop : if_must<kw_DROP, sp, opt<update_silent, sp>, GraphRefAll> {};

// [34] Create ::= 'CREATE' 'SILENT'? GraphRef
struct Create : if_must<kw_CREATE, sp, opt<update_silent, sp>, GraphRef> {};

// [35] Add ::= 'ADD' 'SILENT'? GraphOrDefault 'TO' GraphOrDefault
// [36] Move and [37] Copy have the same shape.
struct transfer_source : seq<GraphOrDefault> {};
struct transfer_to : kw_TO {};
struct transfer_destination : seq<GraphOrDefault> {};
template <class Keyword>
struct transfer : if_must<Keyword, sp, opt<update_silent, sp>, transfer_source,
                          sp, transfer_to, sp, transfer_destination> {};
struct Add : transfer<kw_ADD> {};

// [36] Move ::= 'MOVE' 'SILENT'? GraphOrDefault 'TO' GraphOrDefault
struct Move : transfer<kw_MOVE> {};

// [37] Copy ::= 'COPY' 'SILENT'? GraphOrDefault 'TO' GraphOrDefault
struct Copy : transfer<kw_COPY> {};

// [38] InsertData ::= 'INSERT DATA' QuadData
struct insert_data_keyword : seq<kw_INSERT, sp, kw_DATA> {};
struct InsertData : if_must<insert_data_keyword, sp, QuadData> {};

// [39] DeleteData ::= 'DELETE DATA' QuadData
struct delete_data_keyword : seq<kw_DELETE, sp, kw_DATA> {};
struct DeleteData : if_must<delete_data_keyword, sp, QuadData> {};

// [40] DeleteWhere ::= 'DELETE WHERE' QuadPattern
struct delete_where_keyword : seq<kw_DELETE, sp, kw_WHERE> {};
struct DeleteWhere : if_must<delete_where_keyword, sp, QuadPattern> {};

// [41] Modify ::= ( 'WITH' iri )? ( DeleteClause InsertClause?
//      | InsertClause ) UsingClause* 'WHERE' GroupGraphPattern
struct with_iri : seq<iri> {};
struct modify_with : if_must<kw_WITH, sp, with_iri> {};
struct modify_templates
    : sor<seq<DeleteClause, opt<sp, InsertClause>>, InsertClause> {};
struct modify_where : kw_WHERE {};
struct modify_pattern : seq<GroupGraphPattern> {};
struct modify_rest
    : seq<star<UsingClause, sp>, must<modify_where>, sp, must<modify_pattern>> {
};
struct Modify : sor<if_must<modify_with, sp, modify_templates, sp, modify_rest>,
                    if_must<modify_templates, sp, modify_rest>> {};

// [42] DeleteClause ::= 'DELETE' QuadPattern
struct delete_keyword : kw_DELETE {};
struct delete_template : seq<QuadPattern> {};
struct DeleteClause : if_must<delete_keyword, sp, delete_template> {};

// [43] InsertClause ::= 'INSERT' QuadPattern
struct insert_keyword : kw_INSERT {};
struct insert_template : seq<QuadPattern> {};
struct InsertClause : if_must<insert_keyword, sp, insert_template> {};

// [44] UsingClause ::= 'USING' ( iri | 'NAMED' iri )
struct using_named : kw_NAMED {};
struct using_iri : seq<iri> {};
struct UsingClause : if_must<kw_USING, sp, opt<using_named, sp>, using_iri> {};

// [45] GraphOrDefault ::= 'DEFAULT' | 'GRAPH'? iri
struct graph_default : kw_DEFAULT {};
struct graph_iri : seq<iri> {};
struct GraphOrDefault
    : sor<graph_default, if_must<kw_GRAPH, sp, graph_iri>, graph_iri> {};

// [46] GraphRef ::= 'GRAPH' iri
struct GraphRef : if_must<kw_GRAPH, sp, graph_iri> {};

// [47] GraphRefAll ::= GraphRef | 'DEFAULT' | 'NAMED' | 'ALL'
struct graph_named : kw_NAMED {};
struct graph_all : kw_ALL {};
struct GraphRefAll : sor<GraphRef, graph_default, graph_named, graph_all> {};

// [48] QuadPattern ::= '{' Quads '}'
struct quads_open : open_brace {};
struct quads_close : close_brace {};
struct QuadPattern : if_must<quads_open, sp, Quads, sp, quads_close> {};

// [49] QuadData ::= '{' Quads '}'
struct QuadData : if_must<quads_open, sp, Quads, sp, quads_close> {};

// [50] Quads ::= TriplesTemplate? ( QuadsNotTriples '.'? TriplesTemplate? )*
struct default_graph_triples : seq<TriplesTemplate> {};
struct Quads
    : seq<opt<default_graph_triples>, star<sp, QuadsNotTriples, opt<sp, dot>,
                                           opt<sp, default_graph_triples>>> {};

// [51] QuadsNotTriples ::= 'GRAPH' VarOrIri '{' TriplesTemplate? '}'
struct quads_graph_name : seq<VarOrIri> {};
struct quads_graph_open : open_brace {};
struct quads_graph_close : close_brace {};
struct QuadsNotTriples
    : if_must<kw_GRAPH, sp, quads_graph_name, sp, quads_graph_open, sp,
              opt<TriplesTemplate, sp>, quads_graph_close> {};

// [52] TriplesTemplate ::= TriplesSameSubject ( '.' TriplesTemplate? )?
struct TriplesTemplate
    : seq<TriplesSameSubject, star<sp, dot, sp, TriplesSameSubject>,
          opt<sp, dot>> {};

// ---------------------------------------------------------------------------
// Graph patterns [53]-[68]

// [53] GroupGraphPattern ::= '{' ( SubSelect | GroupGraphPatternSub ) '}'
struct group_open : open_brace {};
struct group_close : close_brace {};
struct GroupGraphPattern
    : if_must<group_open, sp, sor<SubSelect, GroupGraphPatternSub>, sp,
              group_close> {};

// [54] GroupGraphPatternSub ::= TriplesBlock? ( GraphPatternNotTriples '.'?
//      TriplesBlock? )*
struct GroupGraphPatternSub
    : seq<opt<TriplesBlock>, star<sp, GraphPatternNotTriples, opt<sp, dot>,
                                  opt<sp, TriplesBlock>>> {};

// [55] TriplesBlock ::= TriplesSameSubjectPath ( '.' TriplesBlock? )?
struct TriplesBlock
    : seq<TriplesSameSubjectPath, star<sp, dot, sp, TriplesSameSubjectPath>,
          opt<sp, dot>> {};

// [56] GraphPatternNotTriples ::= GroupOrUnionGraphPattern
//      | OptionalGraphPattern | MinusGraphPattern | GraphGraphPattern
//      | ServiceGraphPattern | Filter | Bind | InlineData
struct GraphPatternNotTriples
    : sor<GroupOrUnionGraphPattern, OptionalGraphPattern, MinusGraphPattern,
          GraphGraphPattern, ServiceGraphPattern, Filter, Bind, InlineData> {};

// [57] OptionalGraphPattern ::= 'OPTIONAL' GroupGraphPattern
struct OptionalGraphPattern : if_must<kw_OPTIONAL, sp, GroupGraphPattern> {};

// [58] GraphGraphPattern ::= 'GRAPH' VarOrIri GroupGraphPattern
struct graph_name : seq<VarOrIri> {};
struct GraphGraphPattern
    : if_must<kw_GRAPH, sp, graph_name, sp, GroupGraphPattern> {};

// [59] ServiceGraphPattern ::= 'SERVICE' 'SILENT'? VarOrIri
//      GroupGraphPattern
struct service_keyword : kw_SERVICE {};
struct service_silent : kw_SILENT {};
struct service_name : seq<VarOrIri> {};
struct ServiceGraphPattern
    : if_must<service_keyword, sp, opt<service_silent, sp>, service_name, sp,
              GroupGraphPattern> {};

// [60] Bind ::= 'BIND' '(' Expression 'AS' Var ')'
struct bind_open : open_paren {};
struct bind_as : kw_AS {};
struct bind_var : seq<Var> {};
struct bind_close : close_paren {};
struct Bind : if_must<kw_BIND, sp, bind_open, sp, Expression, sp, bind_as, sp,
                      bind_var, sp, bind_close> {};

// [61] InlineData ::= 'VALUES' DataBlock
struct InlineData : if_must<kw_VALUES, sp, DataBlock> {};

// [62] DataBlock ::= InlineDataOneVar | InlineDataFull
struct DataBlock : sor<InlineDataOneVar, InlineDataFull> {};

// [63] InlineDataOneVar ::= Var '{' DataBlockValue* '}'
struct data_block_var : seq<Var> {};
struct data_block_open : open_brace {};
struct data_block_close : close_brace {};
struct one_var_value : seq<DataBlockValue> {};
struct InlineDataOneVar : if_must<data_block_var, sp, data_block_open, sp,
                                  star<one_var_value, sp>, data_block_close> {};

// [64] InlineDataFull ::= ( NIL | '(' Var* ')' ) '{' ( '(' DataBlockValue*
//      ')' | NIL )* '}'
struct data_block_vars_close : close_paren {};
struct data_block_vars
    : sor<NIL, if_must<open_paren, sp, star<data_block_var, sp>,
                       data_block_vars_close>> {};
struct data_block_row_close : close_paren {};
struct data_block_row
    : sor<NIL, if_must<open_paren, sp, star<DataBlockValue, sp>,
                       data_block_row_close>> {};
struct data_rows_close : close_brace {};
struct InlineDataFull : if_must<data_block_vars, sp, data_block_open, sp,
                                star<data_block_row, sp>, data_rows_close> {};

// [65] DataBlockValue ::= iri | RDFLiteral | NumericLiteral | BooleanLiteral
//      | 'UNDEF'
struct DataBlockValue
    : sor<iri, RDFLiteral, NumericLiteral, BooleanLiteral, kw_UNDEF> {};

// [66] MinusGraphPattern ::= 'MINUS' GroupGraphPattern
struct MinusGraphPattern : if_must<kw_MINUS, sp, GroupGraphPattern> {};

// [67] GroupOrUnionGraphPattern ::= GroupGraphPattern ( 'UNION'
//      GroupGraphPattern )*
struct union_start : success {};
struct union_branch : if_must<kw_UNION, sp, GroupGraphPattern> {};
struct GroupOrUnionGraphPattern
    : seq<at<open_brace>, union_start, GroupGraphPattern,
          star<sp, union_branch>> {};

// [68] Filter ::= 'FILTER' Constraint
struct filter_constraint : seq<Constraint> {};
struct Filter : if_must<kw_FILTER, sp, filter_constraint> {};

// ---------------------------------------------------------------------------
// Constraints, calls, templates and triples [69]-[109]

// [69] Constraint ::= BrackettedExpression | BuiltInCall | FunctionCall
struct Constraint : sor<BrackettedExpression, BuiltInCall, FunctionCall> {};

// [70] FunctionCall ::= iri ArgList
struct FunctionCall : seq<iri, sp, ArgList> {};

// [71] ArgList ::= NIL | '(' 'DISTINCT'? Expression ( ',' Expression )* ')'
struct arguments_open : open_paren {};
struct arguments_distinct : kw_DISTINCT {};
struct argument : seq<Expression> {};
struct arguments_close : close_paren {};
struct arguments_nil : seq<NIL> {};
struct arguments
    : if_must<arguments_open, sp, opt<arguments_distinct, sp>, argument,
              star<sp, comma, sp, argument>, sp, arguments_close> {};
struct ArgList : sor<arguments_nil, arguments> {};

// [72] ExpressionList ::= NIL | '(' Expression ( ',' Expression )* ')'
struct expression_list_open : open_paren {};
struct expression_list_close : close_paren {};
struct ExpressionList
    : sor<NIL,
          if_must<expression_list_open, sp, argument,
                  star<sp, comma, sp, argument>, sp, expression_list_close>> {};

// [73] ConstructTemplate ::= '{' ConstructTriples? '}'
struct template_open : open_brace {};
struct template_close : close_brace {};
struct ConstructTemplate
    : if_must<template_open, sp, opt<ConstructTriples, sp>, template_close> {};

// [74] ConstructTriples ::= TriplesSameSubject ( '.' ConstructTriples? )?
struct ConstructTriples
    : seq<TriplesSameSubject, star<sp, dot, sp, TriplesSameSubject>,
          opt<sp, dot>> {};

// [75] TriplesSameSubject ::= VarOrTerm PropertyListNotEmpty | TriplesNode
//      PropertyList
struct subject_predicates : seq<PropertyListNotEmpty> {};
struct TriplesSameSubject : sor<if_must<VarOrTerm, sp, subject_predicates>,
                                seq<TriplesNode, sp, PropertyList>> {};

// [76] PropertyList ::= PropertyListNotEmpty?
struct PropertyList : opt<PropertyListNotEmpty> {};

// [77] PropertyListNotEmpty ::= Verb ObjectList ( ';' ( Verb ObjectList )? )*
struct objects : seq<ObjectList> {};
struct PropertyListNotEmpty
    : seq<Verb, sp, must<objects>,
          star<sp, semicolon, opt<sp, Verb, sp, must<objects>>>> {};

// [78] Verb ::= VarOrIri | 'a'
struct verb_a : kw_a {};
struct Verb : sor<VarOrIri, verb_a> {};

// [79] ObjectList ::= Object ( ',' Object )*
struct next_object : seq<Object> {};
struct ObjectList : seq<Object, star<sp, comma, sp, must<next_object>>> {};

// [80] Object ::= GraphNode
struct Object : seq<GraphNode> {};

// [81] TriplesSameSubjectPath ::= VarOrTerm PropertyListPathNotEmpty
//      | TriplesNodePath PropertyListPath
struct subject_path_predicates : seq<PropertyListPathNotEmpty> {};
struct TriplesSameSubjectPath
    : sor<if_must<VarOrTerm, sp, subject_path_predicates>,
          seq<TriplesNodePath, sp, PropertyListPath>> {};

// [82] PropertyListPath ::= PropertyListPathNotEmpty?
struct PropertyListPath : opt<PropertyListPathNotEmpty> {};

// [83] PropertyListPathNotEmpty ::= ( VerbPath | VerbSimple ) ObjectListPath
//      ( ';' ( ( VerbPath | VerbSimple ) ObjectList )? )*
struct path_objects : seq<ObjectListPath> {};
struct PropertyListPathNotEmpty
    : seq<sor<VerbPath, VerbSimple>, sp, must<path_objects>,
          star<sp, semicolon,
               opt<sp, sor<VerbPath, VerbSimple>, sp, must<path_objects>>>> {};

// [84] VerbPath ::= Path
struct VerbPath : seq<Path> {};

// [85] VerbSimple ::= Var
struct VerbSimple : seq<Var> {};

// [86] ObjectListPath ::= ObjectPath ( ',' ObjectPath )*
struct next_object_path : seq<ObjectPath> {};
struct ObjectListPath
    : seq<ObjectPath, star<sp, comma, sp, must<next_object_path>>> {};

// [87] ObjectPath ::= GraphNodePath
struct ObjectPath : seq<GraphNodePath> {};

// [88] Path ::= PathAlternative
struct Path : seq<PathAlternative> {};

// [89] PathAlternative ::= PathSequence ( '|' PathSequence )*
struct path_alternative_operand : seq<PathSequence> {};
struct PathAlternative
    : seq<PathSequence,
          star<sp, one<'|'>, sp, must<path_alternative_operand>>> {};

// [90] PathSequence ::= PathEltOrInverse ( '/' PathEltOrInverse )*
struct path_sequence_operand : seq<PathEltOrInverse> {};
struct PathSequence : seq<PathEltOrInverse,
                          star<sp, one<'/'>, sp, must<path_sequence_operand>>> {
};

// [91] PathElt ::= PathPrimary PathMod?
struct PathElt : seq<PathPrimary, opt<sp, PathMod>> {};

// [92] PathEltOrInverse ::= PathElt | '^' PathElt
struct inverse_path_element : seq<PathElt> {};
struct path_inverse : if_must<one<'^'>, sp, inverse_path_element> {};
struct PathEltOrInverse : sor<PathElt, path_inverse> {};

// [93] PathMod ::= '?' | '*' | '+'
// As the tokenizer of §19.8 reads it: `?x` is a variable and `+1` a number,
// so '?' and '+' are modifiers only when not followed by one.
struct path_zero_or_one : seq<one<'?'>, not_at<VARNAME>> {};
struct path_zero_or_more : one<'*'> {};
struct path_one_or_more
    : seq<one<'+'>, not_at<sor<digit, seq<one<'.'>, digit>>>> {};
struct PathMod : sor<path_zero_or_one, path_zero_or_more, path_one_or_more> {};

// [94] PathPrimary ::= iri | 'a' | '!' PathNegatedPropertySet | '(' Path ')'
struct path_iri : seq<iri> {};
struct path_a : kw_a {};
struct negated_set : seq<PathNegatedPropertySet> {};
struct path_negation : if_must<one<'!'>, sp, negated_set> {};
struct nested_path : seq<Path> {};
struct nested_path_close : close_paren {};
struct path_group
    : if_must<open_paren, sp, nested_path, sp, nested_path_close> {};
struct PathPrimary : sor<path_iri, path_a, path_negation, path_group> {};

// [95] PathNegatedPropertySet ::= PathOneInPropertySet | '('
//      ( PathOneInPropertySet ( '|' PathOneInPropertySet )* )? ')'
struct negated_set_start : success {};
struct negated_set_member : seq<PathOneInPropertySet> {};
struct negated_set_close : close_paren {};
struct PathNegatedPropertySet
    : seq<negated_set_start,
          sor<PathOneInPropertySet,
              if_must<open_paren, sp,
                      opt<PathOneInPropertySet,
                          star<sp, one<'|'>, sp, must<negated_set_member>>, sp>,
                      negated_set_close>>> {};

// [96] PathOneInPropertySet ::= iri | 'a' | '^' ( iri | 'a' )
struct negated_iri : sor<path_iri, path_a> {};
struct negated_inverse : if_must<one<'^'>, sp, negated_iri> {};
struct PathOneInPropertySet : sor<negated_iri, negated_inverse> {};

// [97] Integer ::= INTEGER
// (not used by any other production of the recommendation)
struct Integer : seq<INTEGER> {};

// [98] TriplesNode ::= Collection | BlankNodePropertyList
struct TriplesNode : sor<Collection, BlankNodePropertyList> {};

// [99] BlankNodePropertyList ::= '[' PropertyListNotEmpty ']'
struct property_list_open : open_bracket {};
struct property_list_close : close_bracket {};
struct bracketed_predicates : seq<PropertyListNotEmpty> {};
struct BlankNodePropertyList
    : if_must<property_list_open, sp, bracketed_predicates, sp,
              property_list_close> {};

// [100] TriplesNodePath ::= CollectionPath | BlankNodePropertyListPath
struct TriplesNodePath : sor<CollectionPath, BlankNodePropertyListPath> {};

// [101] BlankNodePropertyListPath ::= '[' PropertyListPathNotEmpty ']'
struct bracketed_path_predicates : seq<PropertyListPathNotEmpty> {};
struct BlankNodePropertyListPath
    : if_must<property_list_open, sp, bracketed_path_predicates, sp,
              property_list_close> {};

// [102] Collection ::= '(' GraphNode+ ')'
struct collection_open : open_paren {};
struct collection_close : close_paren {};
struct collection_items : list<GraphNode, sp> {};
struct Collection
    : if_must<collection_open, sp, collection_items, sp, collection_close> {};

// [103] CollectionPath ::= '(' GraphNodePath+ ')'
struct collection_path_items : list<GraphNodePath, sp> {};
struct CollectionPath : if_must<collection_open, sp, collection_path_items, sp,
                                collection_close> {};

// [104] GraphNode ::= VarOrTerm | TriplesNode
struct GraphNode : sor<VarOrTerm, TriplesNode> {};

// [105] GraphNodePath ::= VarOrTerm | TriplesNodePath
struct GraphNodePath : sor<VarOrTerm, TriplesNodePath> {};

// [106] VarOrTerm ::= Var | GraphTerm
struct VarOrTerm : sor<Var, GraphTerm> {};

// [107] VarOrIri ::= Var | iri
struct VarOrIri : sor<Var, iri> {};

// [108] Var ::= VAR1 | VAR2
struct Var : sor<VAR1, VAR2> {};

// [109] GraphTerm ::= iri | RDFLiteral | NumericLiteral | BooleanLiteral
//       | BlankNode | NIL
struct GraphTerm
    : sor<iri, RDFLiteral, NumericLiteral, BooleanLiteral, BlankNode, NIL> {};

// ---------------------------------------------------------------------------
// Expressions [110]-[134]
//
// A binary operator's action records the operator; its right operand (a
// helper rule under `must`) combines the two operands when it completes.

// [110] Expression ::= ConditionalOrExpression
struct Expression : seq<ConditionalOrExpression> {};

// [111] ConditionalOrExpression ::= ConditionalAndExpression ( '||'
//       ConditionalAndExpression )*
struct or_operator : two<'|'> {};
struct or_operand : seq<ConditionalAndExpression> {};
struct ConditionalOrExpression
    : seq<ConditionalAndExpression,
          star<sp, if_must<or_operator, sp, or_operand>>> {};

// [112] ConditionalAndExpression ::= ValueLogical ( '&&' ValueLogical )*
struct and_operator : two<'&'> {};
struct and_operand : seq<ValueLogical> {};
struct ConditionalAndExpression
    : seq<ValueLogical, star<sp, if_must<and_operator, sp, and_operand>>> {};

// [113] ValueLogical ::= RelationalExpression
struct ValueLogical : seq<RelationalExpression> {};

// [114] RelationalExpression ::= NumericExpression ( '=' NumericExpression
//       | '!=' NumericExpression | '<' NumericExpression | '>'
//       NumericExpression | '<=' NumericExpression | '>=' NumericExpression
//       | 'IN' ExpressionList | 'NOT' 'IN' ExpressionList )?
struct equal_operator : one<'='> {};
struct not_equal_operator : string<'!', '='> {};
// By the tokenizer's longest-match rule `?a<?b&&?c>?d` holds the IRIREF
// `<?b&&?c>`, not a '<': so '<' and '<=' never start an IRIREF.
struct less_equal_operator : seq<not_at<IRIREF>, string<'<', '='>> {};
struct greater_equal_operator : string<'>', '='> {};
struct less_operator : seq<not_at<IRIREF>, one<'<'>> {};
struct greater_operator : one<'>'> {};
struct comparison_operator
    : sor<equal_operator, not_equal_operator, less_equal_operator,
          greater_equal_operator, less_operator, greater_operator> {};
struct comparison_operand : seq<NumericExpression> {};
struct in_operator : kw_IN {};
struct not_in_operator : seq<kw_NOT, sp, kw_IN> {};
struct in_list : seq<ExpressionList> {};
struct RelationalExpression
    : seq<NumericExpression,
          opt<sp, sor<if_must<comparison_operator, sp, comparison_operand>,
                      if_must<in_operator, sp, in_list>,
                      if_must<not_in_operator, sp, in_list>>>> {};

// [115] NumericExpression ::= AdditiveExpression
struct NumericExpression : seq<AdditiveExpression> {};

// [116] AdditiveExpression ::= MultiplicativeExpression ( '+'
//       MultiplicativeExpression | '-' MultiplicativeExpression
//       | ( NumericLiteralPositive | NumericLiteralNegative ) ( ( '*'
//       UnaryExpression ) | ( '/' UnaryExpression ) )* )*
// The third alternative is what a tokenizer makes of `?a +1` or `?a -2*?b`:
// the first two alternatives read the same text with the same meaning
// (`?a + 1`, `?a - (2 * ?b)`), so it is folded into them.
struct add_operator : one<'+'> {};
struct subtract_operator : one<'-'> {};
struct additive_operand : seq<MultiplicativeExpression> {};
struct AdditiveExpression
    : seq<MultiplicativeExpression,
          star<sp, if_must<sor<add_operator, subtract_operator>, sp,
                           additive_operand>>> {};

// [117] MultiplicativeExpression ::= UnaryExpression ( '*' UnaryExpression
//       | '/' UnaryExpression )*
struct multiply_operator : one<'*'> {};
struct divide_operator : one<'/'> {};
struct multiplicative_operand : seq<UnaryExpression> {};
struct MultiplicativeExpression
    : seq<UnaryExpression,
          star<sp, if_must<sor<multiply_operator, divide_operator>, sp,
                           multiplicative_operand>>> {};

// [118] UnaryExpression ::= '!' PrimaryExpression | '+' PrimaryExpression
//       | '-' PrimaryExpression | PrimaryExpression
// A sign directly before a number is part of the number ([132], [133]).
struct number_start : sor<digit, seq<one<'.'>, digit>> {};
struct not_operator : one<'!'> {};
struct plus_operator : seq<one<'+'>, not_at<number_start>> {};
struct minus_operator : seq<one<'-'>, not_at<number_start>> {};
struct unary_operand : seq<PrimaryExpression> {};
struct UnaryExpression
    : sor<if_must<sor<not_operator, plus_operator, minus_operator>, sp,
                  unary_operand>,
          PrimaryExpression> {};

// [119] PrimaryExpression ::= BrackettedExpression | BuiltInCall
//       | iriOrFunction | RDFLiteral | NumericLiteral | BooleanLiteral | Var
// (`expression_term` turns the term just read into an operand)
template <class Term>
struct expression_term : seq<Term> {};
struct PrimaryExpression
    : sor<BrackettedExpression, BuiltInCall, iriOrFunction,
          expression_term<RDFLiteral>, expression_term<NumericLiteral>,
          expression_term<BooleanLiteral>, expression_term<Var>> {};

// [120] BrackettedExpression ::= '(' Expression ')'
struct bracket_close : close_paren {};
struct BrackettedExpression
    : if_must<open_paren, sp, Expression, sp, bracket_close> {};

// Shapes of the built-in calls of [121]: `Name` then the arguments.
struct call_open : open_paren {};
struct call_comma : comma {};
struct call_close : close_paren {};
struct call_nil : seq<NIL> {};
template <class Name>
struct call_1 : if_must<Name, sp, call_open, sp, Expression, sp, call_close> {};
template <class Name>
struct call_2 : if_must<Name, sp, call_open, sp, Expression, sp, call_comma, sp,
                        Expression, sp, call_close> {};
template <class Name>
struct call_3
    : if_must<Name, sp, call_open, sp, Expression, sp, call_comma, sp,
              Expression, sp, call_comma, sp, Expression, sp, call_close> {};
template <class Name>
struct call_0 : if_must<Name, sp, call_nil> {};
template <class Name>
struct call_list : if_must<Name, sp, ExpressionList> {};
struct bound_variable : seq<Var> {};
template <class Name>
struct call_bound
    : if_must<Name, sp, call_open, sp, bound_variable, sp, call_close> {};
struct bnode_argument : if_must<open_paren, sp, Expression, sp, call_close> {};
struct bnode_arguments : sor<call_nil, bnode_argument> {};
template <class Name>
struct call_bnode : if_must<Name, sp, bnode_arguments> {};

// The builtin names, numbered as ast::Builtin.
#define KG_SPARQL_BUILTIN(id, text) builtin_name<id, ci<text>>
using STR = KG_SPARQL_BUILTIN(0, "STR");
using LANG = KG_SPARQL_BUILTIN(1, "LANG");
using LANGMATCHES = KG_SPARQL_BUILTIN(2, "LANGMATCHES");
using DATATYPE = KG_SPARQL_BUILTIN(3, "DATATYPE");
using BOUND = KG_SPARQL_BUILTIN(4, "BOUND");
using IRI = KG_SPARQL_BUILTIN(5, "IRI");
using URI = KG_SPARQL_BUILTIN(6, "URI");
using BNODE = KG_SPARQL_BUILTIN(7, "BNODE");
using RAND = KG_SPARQL_BUILTIN(8, "RAND");
using ABS = KG_SPARQL_BUILTIN(9, "ABS");
using CEIL = KG_SPARQL_BUILTIN(10, "CEIL");
using FLOOR = KG_SPARQL_BUILTIN(11, "FLOOR");
using ROUND = KG_SPARQL_BUILTIN(12, "ROUND");
using CONCAT = KG_SPARQL_BUILTIN(13, "CONCAT");
using SUBSTR = KG_SPARQL_BUILTIN(14, "SUBSTR");
using STRLEN = KG_SPARQL_BUILTIN(15, "STRLEN");
using REPLACE = KG_SPARQL_BUILTIN(16, "REPLACE");
using UCASE = KG_SPARQL_BUILTIN(17, "UCASE");
using LCASE = KG_SPARQL_BUILTIN(18, "LCASE");
using ENCODE_FOR_URI = KG_SPARQL_BUILTIN(19, "ENCODE_FOR_URI");
using CONTAINS = KG_SPARQL_BUILTIN(20, "CONTAINS");
using STRSTARTS = KG_SPARQL_BUILTIN(21, "STRSTARTS");
using STRENDS = KG_SPARQL_BUILTIN(22, "STRENDS");
using STRBEFORE = KG_SPARQL_BUILTIN(23, "STRBEFORE");
using STRAFTER = KG_SPARQL_BUILTIN(24, "STRAFTER");
using YEAR = KG_SPARQL_BUILTIN(25, "YEAR");
using MONTH = KG_SPARQL_BUILTIN(26, "MONTH");
using DAY = KG_SPARQL_BUILTIN(27, "DAY");
using HOURS = KG_SPARQL_BUILTIN(28, "HOURS");
using MINUTES = KG_SPARQL_BUILTIN(29, "MINUTES");
using SECONDS = KG_SPARQL_BUILTIN(30, "SECONDS");
using TIMEZONE = KG_SPARQL_BUILTIN(31, "TIMEZONE");
using TZ = KG_SPARQL_BUILTIN(32, "TZ");
using NOW = KG_SPARQL_BUILTIN(33, "NOW");
using UUID = KG_SPARQL_BUILTIN(34, "UUID");
using STRUUID = KG_SPARQL_BUILTIN(35, "STRUUID");
using MD5 = KG_SPARQL_BUILTIN(36, "MD5");
using SHA1 = KG_SPARQL_BUILTIN(37, "SHA1");
using SHA224 = KG_SPARQL_BUILTIN(38, "SHA224");
using SHA256 = KG_SPARQL_BUILTIN(39, "SHA256");
using SHA384 = KG_SPARQL_BUILTIN(40, "SHA384");
using SHA512 = KG_SPARQL_BUILTIN(41, "SHA512");
using COALESCE = KG_SPARQL_BUILTIN(42, "COALESCE");
using IF = KG_SPARQL_BUILTIN(43, "IF");
using STRLANG = KG_SPARQL_BUILTIN(44, "STRLANG");
using STRDT = KG_SPARQL_BUILTIN(45, "STRDT");
using sameTerm = KG_SPARQL_BUILTIN(46, "sameTerm");
using isIRI = KG_SPARQL_BUILTIN(47, "isIRI");
using isURI = KG_SPARQL_BUILTIN(48, "isURI");
using isBLANK = KG_SPARQL_BUILTIN(49, "isBLANK");
using isLITERAL = KG_SPARQL_BUILTIN(50, "isLITERAL");
using isNUMERIC = KG_SPARQL_BUILTIN(51, "isNUMERIC");
using REGEX = KG_SPARQL_BUILTIN(52, "REGEX");
#undef KG_SPARQL_BUILTIN

// [121] BuiltInCall ::= Aggregate | 'STR' '(' Expression ')' | ...
//       | RegexExpression | ExistsFunc | NotExistsFunc
// (the alternatives in the order of the recommendation)
struct BuiltInCall
    : sor<Aggregate, call_1<STR>, call_1<LANG>, call_2<LANGMATCHES>,
          call_1<DATATYPE>, call_bound<BOUND>, call_1<IRI>, call_1<URI>,
          call_bnode<BNODE>, call_0<RAND>, call_1<ABS>, call_1<CEIL>,
          call_1<FLOOR>, call_1<ROUND>, call_list<CONCAT>, SubstringExpression,
          call_1<STRLEN>, StrReplaceExpression, call_1<UCASE>, call_1<LCASE>,
          call_1<ENCODE_FOR_URI>, call_2<CONTAINS>, call_2<STRSTARTS>,
          call_2<STRENDS>, call_2<STRBEFORE>, call_2<STRAFTER>, call_1<YEAR>,
          call_1<MONTH>, call_1<DAY>, call_1<HOURS>, call_1<MINUTES>,
          call_1<SECONDS>, call_1<TIMEZONE>, call_1<TZ>, call_0<NOW>,
          call_0<UUID>, call_0<STRUUID>, call_1<MD5>, call_1<SHA1>,
          call_1<SHA224>, call_1<SHA256>, call_1<SHA384>, call_1<SHA512>,
          call_list<COALESCE>, call_3<IF>, call_2<STRLANG>, call_2<STRDT>,
          call_2<sameTerm>, call_1<isIRI>, call_1<isURI>, call_1<isBLANK>,
          call_1<isLITERAL>, call_1<isNUMERIC>, RegexExpression, ExistsFunc,
          NotExistsFunc> {};

// An optional last argument: ',' Expression.
struct optional_argument : opt<sp, if_must<call_comma, sp, Expression>> {};

// [122] RegexExpression ::= 'REGEX' '(' Expression ',' Expression ( ','
//       Expression )? ')'
struct RegexExpression
    : if_must<REGEX, sp, call_open, sp, Expression, sp, call_comma, sp,
              Expression, optional_argument, sp, call_close> {};

// [123] SubstringExpression ::= 'SUBSTR' '(' Expression ',' Expression ( ','
//       Expression )? ')'
struct SubstringExpression
    : if_must<SUBSTR, sp, call_open, sp, Expression, sp, call_comma, sp,
              Expression, optional_argument, sp, call_close> {};

// [124] StrReplaceExpression ::= 'REPLACE' '(' Expression ',' Expression ','
//       Expression ( ',' Expression )? ')'
struct StrReplaceExpression
    : if_must<REPLACE, sp, call_open, sp, Expression, sp, call_comma, sp,
              Expression, sp, call_comma, sp, Expression, optional_argument, sp,
              call_close> {};

// [125] ExistsFunc ::= 'EXISTS' GroupGraphPattern
struct ExistsFunc : if_must<kw_EXISTS, sp, GroupGraphPattern> {};

// [126] NotExistsFunc ::= 'NOT' 'EXISTS' GroupGraphPattern
struct not_exists_keyword : seq<kw_NOT, sp, kw_EXISTS> {};
struct NotExistsFunc : if_must<not_exists_keyword, sp, GroupGraphPattern> {};

// [127] Aggregate ::= 'COUNT' '(' 'DISTINCT'? ( '*' | Expression ) ')'
//       | 'SUM' '(' 'DISTINCT'? Expression ')' | 'MIN' ... | 'MAX' ...
//       | 'AVG' ... | 'SAMPLE' ... | 'GROUP_CONCAT' '(' 'DISTINCT'?
//       Expression ( ';' 'SEPARATOR' '=' String )? ')'
#define KG_SPARQL_AGGREGATE(id, text) aggregate_name<id, ci<text>>
using COUNT = KG_SPARQL_AGGREGATE(0, "COUNT");
using SUM = KG_SPARQL_AGGREGATE(1, "SUM");
using MIN = KG_SPARQL_AGGREGATE(2, "MIN");
using MAX = KG_SPARQL_AGGREGATE(3, "MAX");
using AVG = KG_SPARQL_AGGREGATE(4, "AVG");
using SAMPLE = KG_SPARQL_AGGREGATE(5, "SAMPLE");
using GROUP_CONCAT = KG_SPARQL_AGGREGATE(6, "GROUP_CONCAT");
#undef KG_SPARQL_AGGREGATE
struct aggregate_distinct : kw_DISTINCT {};
struct count_all : one<'*'> {};
struct count_argument : sor<count_all, Expression> {};
struct separator_keyword : kw_SEPARATOR {};
struct separator_equals : one<'='> {};
struct separator_string : seq<String> {};
struct group_concat_separator
    : opt<sp, if_must<semicolon, sp, separator_keyword, sp, separator_equals,
                      sp, separator_string>> {};
template <class Name, class Argument, class Tail = success>
struct aggregate_call
    : if_must<Name, sp, call_open, sp, opt<aggregate_distinct, sp>, Argument,
              Tail, sp, call_close> {};
struct Aggregate
    : sor<aggregate_call<COUNT, count_argument>,
          aggregate_call<SUM, Expression>, aggregate_call<MIN, Expression>,
          aggregate_call<MAX, Expression>, aggregate_call<AVG, Expression>,
          aggregate_call<SAMPLE, Expression>,
          aggregate_call<GROUP_CONCAT, Expression, group_concat_separator>> {};

// [128] iriOrFunction ::= iri ArgList?
struct iriOrFunction : seq<iri, opt<sp, ArgList>> {};

// [129] RDFLiteral ::= String ( LANGTAG | ( '^^' iri ) )?
struct datatype_iri : seq<iri> {};
struct datatype : if_must<two<'^'>, sp, datatype_iri> {};
struct RDFLiteral : seq<String, opt<sor<LANGTAG, datatype>>> {};

// [130] NumericLiteral ::= NumericLiteralUnsigned | NumericLiteralPositive
//       | NumericLiteralNegative
struct NumericLiteral : sor<NumericLiteralUnsigned, NumericLiteralPositive,
                            NumericLiteralNegative> {};

// [131] NumericLiteralUnsigned ::= INTEGER | DECIMAL | DOUBLE
// (longest match first, as the tokenizer does)
struct NumericLiteralUnsigned : sor<DOUBLE, DECIMAL, INTEGER> {};

// [132] NumericLiteralPositive ::= INTEGER_POSITIVE | DECIMAL_POSITIVE
//       | DOUBLE_POSITIVE
struct NumericLiteralPositive
    : sor<DOUBLE_POSITIVE, DECIMAL_POSITIVE, INTEGER_POSITIVE> {};

// [133] NumericLiteralNegative ::= INTEGER_NEGATIVE | DECIMAL_NEGATIVE
//       | DOUBLE_NEGATIVE
struct NumericLiteralNegative
    : sor<DOUBLE_NEGATIVE, DECIMAL_NEGATIVE, INTEGER_NEGATIVE> {};

// [134] BooleanLiteral ::= 'true' | 'false'
struct BooleanLiteral : sor<kw_true, kw_false> {};

// [135] String ::= STRING_LITERAL1 | STRING_LITERAL2 | STRING_LITERAL_LONG1
//       | STRING_LITERAL_LONG2
// (long forms first: '''' starts both a long and a short string)
struct String : sor<STRING_LITERAL_LONG1, STRING_LITERAL_LONG2, STRING_LITERAL1,
                    STRING_LITERAL2> {};

// [136] iri ::= IRIREF | PrefixedName
struct iri : sor<IRIREF, PrefixedName> {};

// [137] PrefixedName ::= PNAME_LN | PNAME_NS
struct PrefixedName : sor<PNAME_LN, PNAME_NS> {};

// [138] BlankNode ::= BLANK_NODE_LABEL | ANON
struct BlankNode : sor<BLANK_NODE_LABEL, ANON> {};

// ---------------------------------------------------------------------------
// Terminals [139]-[173]
//
// [139] IRIREF, [140] PNAME_NS, [141] PNAME_LN, [142] BLANK_NODE_LABEL,
// [145] LANGTAG, [155] EXPONENT, [160] ECHAR, [162] WS, [163] ANON,
// [164] PN_CHARS_BASE, [165] PN_CHARS_U, [167] PN_CHARS, [168] PN_PREFIX,
// [169] PN_LOCAL, [170] PLX, [171] PERCENT, [172] HEX, [173] PN_LOCAL_ESC:
// the rules of the same names in rdf_terminals.h (Turtle's are identical).

// [143] VAR1 ::= '?' VARNAME
struct VAR1 : seq<one<'?'>, VARNAME> {};

// [144] VAR2 ::= '$' VARNAME
struct VAR2 : seq<one<'$'>, VARNAME> {};

// [146] INTEGER ::= [0-9]+
struct INTEGER : plus<digit> {};

// [147] DECIMAL ::= [0-9]* '.' [0-9]+
struct DECIMAL : seq<star<digit>, one<'.'>, plus<digit>> {};

// [148] DOUBLE ::= [0-9]+ '.' [0-9]* EXPONENT | '.' ([0-9])+ EXPONENT
//       | ([0-9])+ EXPONENT
struct DOUBLE
    : sor<seq<plus<digit>, one<'.'>, star<digit>, EXPONENT>,
          seq<one<'.'>, plus<digit>, EXPONENT>, seq<plus<digit>, EXPONENT>> {};

// [149] INTEGER_POSITIVE ::= '+' INTEGER
struct INTEGER_POSITIVE : seq<one<'+'>, INTEGER> {};

// [150] DECIMAL_POSITIVE ::= '+' DECIMAL
struct DECIMAL_POSITIVE : seq<one<'+'>, DECIMAL> {};

// [151] DOUBLE_POSITIVE ::= '+' DOUBLE
struct DOUBLE_POSITIVE : seq<one<'+'>, DOUBLE> {};

// [152] INTEGER_NEGATIVE ::= '-' INTEGER
struct INTEGER_NEGATIVE : seq<one<'-'>, INTEGER> {};

// [153] DECIMAL_NEGATIVE ::= '-' DECIMAL
struct DECIMAL_NEGATIVE : seq<one<'-'>, DECIMAL> {};

// [154] DOUBLE_NEGATIVE ::= '-' DOUBLE
struct DOUBLE_NEGATIVE : seq<one<'-'>, DOUBLE> {};

// [156] STRING_LITERAL1 ::= "'" ( ([^#x27#x5C#xA#xD]) | ECHAR )* "'"
struct STRING_LITERAL1 : STRING_LITERAL_SINGLE_QUOTE {};

// [157] STRING_LITERAL2 ::= '"' ( ([^#x22#x5C#xA#xD]) | ECHAR )* '"'
struct STRING_LITERAL2 : STRING_LITERAL_QUOTE {};

// [158] STRING_LITERAL_LONG1 ::= "'''" ( ( "'" | "''" )? ( [^'\] | ECHAR ) )*
//       "'''"
struct STRING_LITERAL_LONG1 : terminals::STRING_LITERAL_LONG_SINGLE_QUOTE {};

// [159] STRING_LITERAL_LONG2 ::= '"""' ( ( '"' | '""' )? ( [^"\] | ECHAR ) )*
//       '"""'
struct STRING_LITERAL_LONG2 : terminals::STRING_LITERAL_LONG_QUOTE {};

// [161] NIL ::= '(' WS* ')'   (comments count as white space, as in ANON)
struct NIL : seq<one<'('>, star<sor<WS, comment>>, one<')'>> {};

// [166] VARNAME ::= ( PN_CHARS_U | [0-9] ) ( PN_CHARS_U | [0-9] | #x00B7
//       | [#x0300-#x036F] | [#x203F-#x2040] )*
struct VARNAME
    : seq<sor<PN_CHARS_U, digit>,
          star<sor<
              PN_CHARS_U, digit,
              utf8::ranges<0x00B7, 0x00B7, 0x0300, 0x036F, 0x203F, 0x2040>>>> {
};

// ---------------------------------------------------------------------------
// The whole text: a query or an update request.

struct end_of_query : eof {};
struct end_of_update : eof {};
struct query_keyword : sor<kw_SELECT, kw_CONSTRUCT, kw_DESCRIBE, kw_ASK> {};
struct query_request : seq<sp, QueryUnit, sp, must<end_of_query>> {};
struct update_request : seq<sp, UpdateUnit, sp, must<end_of_update>> {};
// Either: a request is a query when its first keyword after the prologue is
// SELECT, CONSTRUCT, DESCRIBE or ASK, and an update otherwise.
struct any_request : seq<sp, sor<seq<at<Prologue, query_keyword>, QueryUnit, sp,
                                     must<end_of_query>>,
                                 seq<UpdateUnit, sp, must<end_of_update>>>> {};

}  // namespace kg::query::sparql

#endif  // KG_QUERY_SYNTAX_SPARQL_GRAMMAR_H_
