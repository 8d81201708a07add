// The exit code is Main's return value.
Console.WriteLine("returning 3");
return 3;
